/** IRCv3 message tags (`@a=b;c` before a line), unescaped; empty when the line has none. */
export function messageTags(line: string): Map<string, string> {
  const tags = new Map<string, string>();
  if (!line.startsWith("@")) return tags;
  const end = line.indexOf(" ");
  for (const tag of line.slice(1, end < 0 ? undefined : end).split(";")) {
    const equals = tag.indexOf("=");
    const key = equals < 0 ? tag : tag.slice(0, equals);
    if (key !== "") tags.set(key, equals < 0 ? "" : unescape(tag.slice(equals + 1)));
  }
  return tags;
}

const ESCAPES: Readonly<Record<string, string>> = { ":": ";", s: " ", "\\": "\\", r: "\r", n: "\n" };

function unescape(value: string): string {
  return value.replace(/\\(.?)/g, (_, next: string) => ESCAPES[next] ?? next);
}

/** The line without its tags: what servers without message-tags would have sent. */
export function withoutTags(line: string): string {
  return line.startsWith("@") ? line.slice(line.indexOf(" ") + 1) : line;
}
