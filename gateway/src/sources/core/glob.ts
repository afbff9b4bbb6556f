/**
 * Compiles a glob for branch, repository and label names: `*` is any text without "/",
 * `**` any text, `?` one character; everything else is literal and case-sensitive.
 */
export function compileGlob(glob: string): RegExp {
  let body = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? "";
    if (char === "*" && glob[i + 1] === "*") {
      body += ".*";
      i++;
    } else if (char === "*") body += "[^/]*";
    else if (char === "?") body += "[^/]";
    else body += char.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${body}$`, "u");
}

/** True when `value` matches one of `globs`. */
export function matchesAny(value: string, globs: readonly RegExp[]): boolean {
  return globs.some((glob) => glob.test(value));
}
