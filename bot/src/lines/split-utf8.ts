const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Splits `text` into chunks of at most `maxBytes` UTF-8 bytes, cutting only between code
 * points (never inside a multi-byte character or a surrogate pair). A chunk prefers to end
 * after a space when one falls in its second half, so words stay whole where they can.
 * Joining the chunks gives back `text`.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError(`maxBytes must be at least 4 (one code point), got ${maxBytes}`);
  const chunks: string[] = [];
  let chunk = "";
  let bytes = 0;
  let lastSpace = -1; // index in `chunk` just after its last space
  for (const char of text) {
    const size = utf8Length(char);
    while (bytes + size > maxBytes) {
      const cut = lastSpace >= chunk.length / 2 ? lastSpace : chunk.length;
      chunks.push(chunk.slice(0, cut));
      chunk = chunk.slice(cut);
      bytes = utf8Length(chunk);
      lastSpace = chunk.lastIndexOf(" ") + 1 || -1;
    }
    chunk += char;
    bytes += size;
    if (char === " ") lastSpace = chunk.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
