import { HttpError } from "../api/http-error.js";

/**
 * Parses the raw body by its content type: JSON → its value, urlencoded form → a record
 * of strings (a repeated name keeps its last value), `text/*` → a string, anything else
 * → the Buffer itself; an empty body → undefined.
 * @throws HttpError 400 for malformed JSON.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const { type, charset } = parseContentType(contentType);
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      return JSON.parse(decode(raw, charset));
    } catch (error) {
      throw new HttpError(400, `Malformed JSON body: ${(error as Error).message}`);
    }
  }
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(decode(raw, charset)));
  }
  if (type.startsWith("text/")) return decode(raw, charset);
  return raw;
}

function parseContentType(header: string | undefined): { type: string; charset: string } {
  const [type = "", ...params] = (header ?? "").split(";");
  const charset = params.map((param) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param)?.[1]).find(Boolean);
  return { type: type.trim().toLowerCase(), charset: charset ?? "utf-8" };
}

/** Decodes in the declared charset; an unknown charset falls back to UTF-8. */
function decode(raw: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(raw);
  } catch {
    return raw.toString("utf8");
  }
}
