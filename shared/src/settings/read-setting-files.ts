import { readFileSync } from "node:fs";

/**
 * `NAME_FILE=/path` gives NAME the file's content, as Docker's official images read secrets:
 * Swarm and Kubernetes mount secrets as files, so passwords need not sit in the environment.
 * One trailing newline is dropped (`echo pass > file` writes one). Returns the values read and
 * a problem per setting given both ways, and per unreadable file of a setting `strict` names;
 * other `*_FILE` variables may belong to other tools (COMPOSE_FILE, SSL_CERT_FILE), so an
 * unreadable one is left alone rather than stopping the service.
 */
export function readSettingFiles(env: NodeJS.ProcessEnv, strict: (name: string) => boolean = () => true): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, path] of Object.entries(env)) {
    const name = /^(\w+)_FILE$/.exec(key)?.[1];
    if (name === undefined || !path) continue;
    if (env[name]) {
      problems.push(`${name} and ${key}: set one or the other, not both`);
      continue;
    }
    try {
      values[name] = readFileSync(path, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      if (strict(name)) problems.push(`${key}: cannot read ${path}: ${(error as Error).message}`);
    }
  }
  return { values, problems };
}
