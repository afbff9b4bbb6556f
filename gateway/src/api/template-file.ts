import { realpathSync, statSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The real path of template `name` looked up in `dir`, tried as given and with `.mustache`
 * appended. It must lie inside `packageDir` once symlinks are followed.
 * @throws Error when the template is missing or lies outside the package.
 */
export function resolveTemplate(name: string, dir: string, packageDir: string): string {
  if (typeof name !== "string" || name === "") throw new TypeError("A template name must be a non-empty string");
  const outside = () => new Error(`Template ${JSON.stringify(name)} lies outside the webhook package`);
  const root = realpathSync(packageDir);
  for (const candidate of [name, `${name}.mustache`]) {
    const file = path.resolve(dir, candidate);
    if (!isInside(file, path.resolve(packageDir))) throw outside();
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      continue;
    }
    if (!isInside(real, root)) throw outside();
    if (statSync(real).isFile()) return real;
  }
  throw new Error(`Template ${JSON.stringify(name)} not found in ${dir}`);
}

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== "" && !relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative);
}

const cache = new Map<string, { mtimeMs: number; size: number; text: string }>();

/** The file's text, read again only when its mtime or size changed. */
export function readTemplate(file: string): string {
  const { mtimeMs, size } = statSync(file);
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.text;
  const text = readFileSync(file, "utf8");
  cache.set(file, { mtimeMs, size, text });
  return text;
}
