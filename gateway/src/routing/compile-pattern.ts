/**
 * Turns a helga route pattern into a JavaScript RegExp with Python `re.match` semantics:
 * anchored at the start, at the end only where the pattern says `$`.
 */

/** Rewrites Python-only syntax: `(?P<name>…)` → `(?<name>…)`, `(?P=name)` → `\k<name>`. */
export function translatePythonPattern(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      out += char;
      continue;
    }
    if (char === "[") {
      inClass = true;
      out += char;
      continue;
    }
    if (source.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(source.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    out += char;
  }
  return out;
}

/**
 * Compiles a route pattern. A string is translated from Python syntax and compiled with the
 * `u` flag when it allows (so `☃` and `\p{…}` work), else without; a RegExp keeps its flags
 * except `g` and `y`, which would make matching stateful.
 * @throws SyntaxError naming the pattern when it is not a valid regular expression.
 */
export function compilePattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) {
    return new RegExp(`^(?:${pattern.source})`, pattern.flags.replace(/[gy]/g, ""));
  }
  const body = `^(?:${translatePythonPattern(pattern)})`;
  try {
    return new RegExp(body, "u");
  } catch {
    try {
      return new RegExp(body);
    } catch (error) {
      throw new SyntaxError(`Invalid route pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
  }
}
