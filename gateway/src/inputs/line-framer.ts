import { FrameTooLong, MAX_MESSAGE_BYTES, type Framer } from "./framer.js";

/** One message per line (LF or CRLF), as irccat reads them; blank lines are skipped. */
export function lineFramer(limit = MAX_MESSAGE_BYTES): Framer {
  let pending: Buffer = Buffer.alloc(0);
  const text = (bytes: Buffer) => bytes.toString("utf8").replace(/\r$/, "");
  return {
    push(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const lines: string[] = [];
      let start = 0;
      for (let end = pending.indexOf(10, start); end !== -1; end = pending.indexOf(10, start)) {
        if (end - start > limit) throw new FrameTooLong(limit, lines.filter(notBlank));
        lines.push(text(pending.subarray(start, end)));
        start = end + 1;
      }
      pending = pending.subarray(start);
      if (pending.length > limit) throw new FrameTooLong(limit, lines.filter(notBlank));
      return lines.filter(notBlank);
    },
    end() {
      const last = text(pending);
      pending = Buffer.alloc(0);
      return notBlank(last) ? [last] : [];
    },
  };
}

const notBlank = (line: string) => line.trim() !== "";
