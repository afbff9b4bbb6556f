import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "./run-command.js";

const COMPOSE_FILES = ["docker-compose.yml", "docker-compose.override.yml"];

/**
 * One compose project: the repository's compose files under a unique project name, with an
 * environment of our choosing. The user's shell and `.env` cannot leak into it: variables the
 * compose files read are dropped from the inherited environment (image names excepted, so a
 * registry mirror still applies) and an empty env file stands in for `.env`.
 */
export class ComposeProject {
  private constructor(
    readonly name: string,
    private readonly command: readonly string[],
    private readonly repoRoot: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly envFile: string,
  ) {}

  static async create(name: string, repoRoot: string, settings: Record<string, string>): Promise<ComposeProject> {
    const envFile = join(tmpdir(), `${name}.env`);
    writeFileSync(envFile, "");
    const env = { ...withoutComposeVariables(process.env, repoRoot), ...settings };
    return new ComposeProject(name, await composeCommand(), repoRoot, env, envFile);
  }

  /** The same project and files with no compose variables set at all. */
  bare(): ComposeProject {
    return new ComposeProject(this.name, this.command, this.repoRoot, withoutComposeVariables(process.env, this.repoRoot, false), this.envFile);
  }

  run(args: readonly string[], timeoutMs: number, options: { echo?: boolean; allowFailure?: boolean } = {}): Promise<CommandResult> {
    const [file = "docker-compose", ...rest] = this.command;
    const files = COMPOSE_FILES.flatMap((path) => ["-f", path]);
    return runCommand(file, [...rest, "-p", this.name, "--env-file", this.envFile, ...files, ...args], {
      timeoutMs,
      env: this.env,
      cwd: this.repoRoot,
      ...options,
    });
  }

  /** Container ids of a service, running or not. */
  async containerIds(service: string): Promise<string[]> {
    const { stdout } = await this.run(["ps", "-q", service], 60_000);
    return stdout.split("\n").map((line) => line.trim()).filter(Boolean);
  }

  async logs(service: string): Promise<string> {
    const { stdout } = await this.run(["logs", "--no-color", service], 60_000);
    return stdout;
  }
}

/** `docker compose` (v2 plugin) when present, else `docker-compose` (v1, as Debian ships it). */
async function composeCommand(): Promise<readonly string[]> {
  const plugin = await runCommand("docker", ["compose", "version"], { timeoutMs: 30_000, allowFailure: true }).catch(() => undefined);
  return plugin?.code === 0 ? ["docker", "compose"] : ["docker-compose"];
}

function withoutComposeVariables(env: NodeJS.ProcessEnv, repoRoot: string, keepImages = true): NodeJS.ProcessEnv {
  return withoutVariablesOf(COMPOSE_FILES.map((file) => join(repoRoot, file)), env, keepImages);
}

/**
 * The environment less every `${NAME}` the given compose files read (image names kept when
 * asked, so a registry mirror still applies): the user's shell cannot leak into a test stack.
 */
export function withoutVariablesOf(files: readonly string[], env: NodeJS.ProcessEnv, keepImages = true): NodeJS.ProcessEnv {
  const names = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(/\$\{(\w+)/g)) names.add(match[1] ?? "");
  }
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.has(name) || (keepImages && name.endsWith("_IMAGE"))));
}
