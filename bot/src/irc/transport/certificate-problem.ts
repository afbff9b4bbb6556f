/** Node's codes for a server certificate it could not verify, and what the operator can do about each. */
const UNTRUSTED = "its issuer is not trusted: if the server uses a private CA, set SERVER_TLS_CA_FILE (or SERVER_TLS_CA) to that CA's certificate, or NODE_EXTRA_CA_CERTS";
const HINTS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: `the certificate is self-signed and ${UNTRUSTED}`,
  SELF_SIGNED_CERT_IN_CHAIN: `the certificate chains to a self-signed root and ${UNTRUSTED}`,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  CERT_UNTRUSTED: UNTRUSTED,
  CERT_SIGNATURE_FAILURE: "the certificate's signature does not verify",
  CERT_HAS_EXPIRED: "the certificate has expired: the server's operator must renew it",
  CERT_NOT_YET_VALID: "the certificate is not valid yet: check this host's clock and the server's certificate",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate is for another host name: set SERVER_HOST to a name the certificate lists",
};

/** What to do about a TLS connection refused for its certificate (by the error's `code`), or undefined for any other failure. */
export function certificateProblem(code: string | undefined): string | undefined {
  return code === undefined ? undefined : HINTS[code];
}
