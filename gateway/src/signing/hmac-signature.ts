import { createHmac, getHashes } from "node:crypto";
import { equalsAny } from "./constant-time-equal.js";

export type SignatureEncoding = "hex" | "base64";

export interface SignatureFormat {
  /** An algorithm node's crypto knows, e.g. "sha256" or "sha1". */
  readonly algorithm: string;
  /** Text before the digest in the header, e.g. "sha256=" for GitHub. */
  readonly prefix: string;
  readonly encoding: SignatureEncoding;
}

/** Throws at declaration time, so a typo in a webhook fails its package load, not each request. */
export function assertSignatureFormat(format: SignatureFormat): void {
  if (!getHashes().includes(format.algorithm)) throw new TypeError(`Unknown HMAC algorithm ${JSON.stringify(format.algorithm)}`);
  if (format.encoding !== "hex" && format.encoding !== "base64") {
    throw new TypeError(`Signature encoding must be "hex" or "base64", got ${JSON.stringify(format.encoding)}`);
  }
}

/** `prefix + encoded HMAC(secret, payload)`, what a sender puts in its signature header. */
export function signPayload(payload: Buffer, secret: string, format: SignatureFormat): string {
  return format.prefix + createHmac(format.algorithm, secret).update(payload).digest(format.encoding);
}

/** True when `signature` is the HMAC of `payload` under one of `secrets`; compared in constant time. */
export function signatureMatches(signature: string | undefined, payload: Buffer, secrets: readonly string[], format: SignatureFormat): boolean {
  if (!signature?.startsWith(format.prefix)) return false;
  const given = Buffer.from(signature.slice(format.prefix.length).trim(), "utf8");
  // Hex is case-insensitive: compare lower case, as node's digest writes it.
  const normalized = format.encoding === "hex" ? Buffer.from(given.toString("utf8").toLowerCase(), "utf8") : given;
  return equalsAny(
    normalized,
    secrets.map((secret) => Buffer.from(signPayload(payload, secret, format).slice(format.prefix.length), "utf8")),
  );
}
