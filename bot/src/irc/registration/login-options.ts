import type { ClientOptions } from "irc-framework";
import type { Settings } from "@helga/shared";

/** irc-framework's options for logging in: the SASL mechanism and the TLS client certificate (CertFP, SASL EXTERNAL). */
export function loginOptions(auth: Settings["server"]["auth"]): Pick<ClientOptions, "sasl_mechanism" | "client_certificate"> {
  return {
    ...(auth.saslMechanism !== undefined ? { sasl_mechanism: auth.saslMechanism } : {}),
    ...(auth.clientCertificate ? { client_certificate: { certificate: auth.clientCertificate.cert, private_key: auth.clientCertificate.key } } : {}),
  };
}
