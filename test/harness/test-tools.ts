import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** A program the tests start, and the package that brings it on Debian and on macOS. */
export interface TestTool {
  readonly program: string;
  readonly purpose: string;
  readonly apt: string;
  /** Homebrew's name; a `--cask` one is installed with `brew install --cask`. */
  readonly brew: string;
  /** Said when it is missing, for a package that Debian's own archive lacks. */
  readonly note?: string;
}

const ATHEME_NOTE = "Homebrew may lack an Atheme formula: build Atheme 7.2 from https://github.com/atheme/atheme (its binary must be named atheme-services on PATH)";

/**
 * The one install list: `npm test` (through pretest) and `.ci/run` check it, and the harness
 * finds the programs through locateProgram, so a Debian user without /usr/sbin on PATH is served too.
 */
export const TEST_TOOLS = {
  test: [
    { program: "redis-server", purpose: "Redis for the integration tests", apt: "redis-server", brew: "redis" },
    { program: "redis-sentinel", purpose: "Redis Sentinel failover tests", apt: "redis-sentinel", brew: "redis" },
    { program: "ngircd", purpose: "IRC server for the integration tests", apt: "ngircd", brew: "ngircd" },
    { program: "inspircd", purpose: "flood-kicking IRC server", apt: "inspircd", brew: "inspircd" },
    { program: "openssl", purpose: "makes the TLS tests' certificates (a private CA)", apt: "openssl", brew: "openssl" },
    { program: "atheme-services", purpose: "IRC services (NickServ, SASL) linked to InspIRCd", apt: "atheme-services", brew: "atheme", note: ATHEME_NOTE },
    { program: "chromium", purpose: "headless browser for the console test", apt: "chromium", brew: "--cask chromium" },
    { program: "promtool", purpose: "checks the Prometheus alert rules", apt: "prometheus", brew: "prometheus" },
    { program: "irk", purpose: "irker's clients (irk, irkerhook-git) as real senders to the irker input", apt: "irker", brew: "irker" },
    { program: "git", purpose: "a real git push whose post-receive hook runs irkerhook-git", apt: "git", brew: "git" },
    { program: "prometheus-alertmanager", purpose: "a real Alertmanager posting Slack- and Discord-format webhooks", apt: "prometheus-alertmanager", brew: "alertmanager" },
    { program: "apprise", purpose: "a real apprise posting Mattermost-format webhooks", apt: "apprise", brew: "apprise" },
    {
      program: "kubectl",
      purpose: "renders the Kubernetes manifests (kubectl kustomize)",
      apt: "kubectl",
      brew: "kubectl",
      // Debian's own kubernetes-client (1.20) is too old for the kustomization.
      note: "kubectl is not in Debian's own archive: add Kubernetes' apt repository first (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/)",
    },
  ],
  docker: [
    { program: "docker", purpose: "Docker for the compose and swarm tests", apt: "docker.io", brew: "--cask docker" },
    { program: "docker-compose", purpose: "Compose for the compose test", apt: "docker-compose", brew: "docker-compose" },
  ],
} satisfies Record<string, readonly TestTool[]>;

export type TestToolGroup = keyof typeof TEST_TOOLS;

/** Debian keeps daemons in sbin folders, which a normal user's PATH lacks; HELGA_SBIN_PATH overrides them. */
const DEFAULT_SBIN_PATH = ["/usr/sbin", "/usr/local/sbin", "/sbin"].join(delimiter);

export function searchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [...(env["PATH"] ?? "").split(delimiter), ...(env["HELGA_SBIN_PATH"] ?? DEFAULT_SBIN_PATH).split(delimiter)];
  return [...new Set(dirs.filter((dir) => dir !== ""))];
}

/** The program's full path, or undefined when no search folder has it as an executable. */
export function locateProgram(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of searchDirs(env)) {
    const path = join(dir, program);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
