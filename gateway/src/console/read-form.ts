import type { IncomingMessage } from "node:http";

/** The console's forms hold an id or two and a token; anything larger is not one of them. */
const MAX_FORM_BYTES = 16 * 1024;

export class FormError extends Error {
  override name = "FormError";
}

/** An `application/x-www-form-urlencoded` POST body, bounded in size. */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = (request.headers["content-type"] ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new FormError("expected a form (application/x-www-form-urlencoded)");
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormError(`form larger than ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
