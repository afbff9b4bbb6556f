/**
 * Replaces `${VAR}` in every string of a parsed YAML value with the setting (environment or
 * HELGA_SETTINGS) of that name; `$${` writes a literal `${`. Returns the names that are unset
 * instead of guessing a value.
 */
export function expandEnv(value: unknown, settings: Readonly<Record<string, unknown>>): { value: unknown; unset: string[] } {
  const unset: string[] = [];
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") {
      return item.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, escaped: string, name: string) => {
        if (escaped) return whole.slice(1);
        const setting = settings[name];
        if (typeof setting === "string" && setting !== "") return setting;
        if (typeof setting === "number" || typeof setting === "boolean") return String(setting);
        unset.push(name);
        return "";
      });
    }
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === "object") return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return { value: walk(value), unset };
}
