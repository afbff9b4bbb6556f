import { z } from "zod";
import { bool } from "./setting-types.js";

/** A PEM block of `kind`; a file path is refused with a hint, since `<NAME>_FILE` is the way to name a file. */
const pem = (kind: RegExp, what: string, name: string) =>
  z.string().refine((text) => kind.test(text), { error: `must be a PEM ${what}; to name a file use ${name}_FILE=/path/to/file` });

/** How the bot logs in to services: SASL's mechanism and a client certificate (CertFP). */
export const ircAuthShape = {
  /** PLAIN (SASL_USERNAME, SASL_PASSWORD) or EXTERNAL (the client certificate). Default: PLAIN when SASL_USERNAME is set. */
  SASL_MECHANISM: z.preprocess((value) => (typeof value === "string" ? value.trim().toUpperCase() : value), z.enum(["PLAIN", "EXTERNAL"], { error: "must be PLAIN or EXTERNAL" })).optional(),
  /** Never sign on unauthenticated when SASL fails (default: on whenever SASL is configured). */
  SASL_REQUIRED: bool.optional(),
  /** Client certificate (PEM) for TLS: CertFP, and SASL EXTERNAL. */
  SERVER_TLS_CERT: pem(/-----BEGIN CERTIFICATE-----/, "certificate", "SERVER_TLS_CERT").optional(),
  SERVER_TLS_KEY: pem(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "private key", "SERVER_TLS_KEY").optional(),
};

type AuthInput = Partial<z.infer<z.ZodObject<typeof ircAuthShape>>> & {
  readonly SERVER_SSL: boolean;
  readonly SASL_USERNAME?: string | undefined;
  readonly SASL_PASSWORD?: string | undefined;
  readonly NICKSERV_PASSWORD?: string | undefined;
};

export interface IrcAuthSettings {
  /** The SASL mechanism to use, or undefined for no SASL. */
  readonly saslMechanism: "PLAIN" | "EXTERNAL" | undefined;
  /** A failed SASL login ends the connection (and is retried with backoff) instead of continuing unauthenticated. */
  readonly saslRequired: boolean;
  readonly clientCertificate: { readonly cert: string; readonly key: string } | undefined;
}

/** The auth settings, checked together; each problem names its settings. */
export function ircAuthSettings(s: AuthInput, problems: string[]): IrcAuthSettings {
  const mechanism = s.SASL_MECHANISM ?? (s.SASL_USERNAME !== undefined ? "PLAIN" : undefined);
  if ((s.SERVER_TLS_CERT === undefined) !== (s.SERVER_TLS_KEY === undefined)) problems.push("SERVER_TLS_CERT and SERVER_TLS_KEY: set both or neither");
  if (s.SERVER_TLS_CERT !== undefined && !s.SERVER_SSL) problems.push("SERVER_TLS_CERT: a client certificate needs SERVER_SSL=true");
  if (mechanism === "PLAIN" && s.SASL_USERNAME === undefined) problems.push("SASL_MECHANISM=PLAIN: needs SASL_USERNAME and SASL_PASSWORD");
  if (mechanism === "EXTERNAL") {
    if (s.SERVER_TLS_CERT === undefined) problems.push("SASL_MECHANISM=EXTERNAL: needs SERVER_TLS_CERT and SERVER_TLS_KEY (the certificate is the login)");
    if (s.SASL_PASSWORD !== undefined) problems.push("SASL_PASSWORD: not with SASL_MECHANISM=EXTERNAL, which logs in by certificate");
    if (s.NICKSERV_PASSWORD !== undefined) problems.push("NICKSERV_PASSWORD: not with SASL_MECHANISM=EXTERNAL, which already identifies the bot");
  }
  if (s.SASL_REQUIRED === true && mechanism === undefined) problems.push("SASL_REQUIRED: set SASL_USERNAME and SASL_PASSWORD, or SASL_MECHANISM=EXTERNAL");
  const clientCertificate = s.SERVER_TLS_CERT !== undefined && s.SERVER_TLS_KEY !== undefined ? { cert: s.SERVER_TLS_CERT, key: s.SERVER_TLS_KEY } : undefined;
  return { saslMechanism: mechanism, saslRequired: mechanism !== undefined && s.SASL_REQUIRED !== false, clientCertificate };
}
