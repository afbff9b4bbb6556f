import { FrameTooLong, MalformedFrame, MAX_MESSAGE_BYTES, type Framer } from "../framer.js";

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * JSON objects back to back or separated by whitespace, as irk (no newline, then EOF) and
 * irkerhook (one object and a newline) send them. It finds where each object ends by its
 * braces outside strings; JSON.parse then judges the object itself. UTF-8 never puts these
 * ASCII bytes inside a multi-byte character, so scanning bytes is safe.
 */
export function jsonObjectFramer(limit = MAX_MESSAGE_BYTES): Framer {
  let pending: Buffer = Buffer.alloc(0);
  let scanned = 0; // bytes of `pending` already scanned, with the state below
  let depth = 0;
  let inString = false;
  let escaped = false;

  function push(chunk: Buffer): string[] {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const objects: string[] = [];
    let start = 0;
    for (let i = scanned; i < pending.length; i += 1) {
      const byte = pending[i] as number;
      if (depth === 0) {
        if (WHITESPACE.has(byte)) {
          start = i + 1;
          continue;
        }
        if (byte !== OPEN) throw new MalformedFrame("expected a JSON object ({\"to\": …, \"privmsg\": …})", objects);
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN) depth += 1;
      else if (byte === CLOSE) depth -= 1;
      if (i + 1 - start > limit) throw new FrameTooLong(limit, objects);
      if (depth === 0) {
        objects.push(pending.subarray(start, i + 1).toString("utf8"));
        start = i + 1;
      }
    }
    pending = pending.subarray(start);
    scanned = pending.length;
    return objects;
  }

  return {
    push,
    end() {
      if (depth !== 0 || inString) throw new MalformedFrame("the stream ended inside a JSON object");
      return [];
    },
  };
}
