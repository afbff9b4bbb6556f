import { X509Certificate } from "node:crypto";
import { z } from "zod";

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** A CA bundle as PEM text: checked here, so a bad file stops the bot at startup, not at every connect. */
const caBundle = z.string().superRefine((text, context) => {
  if (!text.includes(PEM_CERTIFICATE)) {
    context.addIssue({ code: "custom", message: `must hold PEM certificates (${PEM_CERTIFICATE}); to name a file, set SERVER_TLS_CA_FILE to its path` });
    return;
  }
  // Node's TLS skips a damaged certificate in `ca` without a word: parse each one here instead.
  for (const [index, pem] of (text.match(PEM_BLOCK) ?? [text]).entries()) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      context.addIssue({ code: "custom", message: `not a usable CA bundle: certificate ${index + 1}: ${(error as Error).message}` });
    }
  }
});

/** TLS settings for the IRC connection, merged into the settings schema. */
export const ircTlsShape = {
  /** CA certificates (PEM) the IRC server's certificate may chain to, besides the system's; SERVER_TLS_CA_FILE names a file. */
  SERVER_TLS_CA: caBundle.optional(),
};

export interface IrcTlsSettings {
  /** Extra trusted CA certificates (PEM), undefined for the system's alone. */
  readonly ca: string | undefined;
}

export function ircTlsSettings(s: { readonly SERVER_TLS_CA?: string | undefined }): IrcTlsSettings {
  return { ca: s.SERVER_TLS_CA };
}
