import { join } from "node:path";
import { withoutVariablesOf } from "../compose/compose-project.js";
import { runCommand, type CommandResult } from "../compose/run-command.js";
import { waitUntil } from "../harness/index.js";

const STACK_FILES = ["deploy/swarm/helga-stack.yml", "deploy/swarm/local-ircd.yml"];

const docker = (args: readonly string[], timeoutMs = 60_000, allowFailure = false): Promise<CommandResult> =>
  runCommand("docker", args, { timeoutMs, allowFailure });

/** One running task of a service: its container on this node. */
export interface Task {
  readonly container: string;
  /** Address on the stack's overlay network. */
  readonly address: string;
}

/**
 * One `docker stack deploy` of the repository's stack files under a unique name, with an
 * environment of our choosing (variables the stack files read are dropped from the inherited
 * one, image names excepted, as for the compose smoke test).
 */
export class SwarmStack {
  readonly network: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name: string,
    private readonly repoRoot: string,
    settings: Record<string, string>,
  ) {
    this.network = `${name}_helga`;
    this.env = { ...withoutVariablesOf(STACK_FILES.map((file) => join(repoRoot, file)), process.env), ...settings };
  }

  /** Images by tag, as they are: nothing here asks a registry for a digest. */
  async deploy(): Promise<void> {
    const files = STACK_FILES.flatMap((file) => ["-c", file]);
    await runCommand("docker", ["stack", "deploy", "--resolve-image", "never", ...files, this.name], { timeoutMs: 120_000, env: this.env, cwd: this.repoRoot });
  }

  service(name: string): string {
    return `${this.name}_${name}`;
  }

  /** Running tasks of a service, with their containers and overlay addresses. */
  async tasks(service: string): Promise<Task[]> {
    const { stdout } = await docker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${this.service(service)}`, "--filter", "status=running"]);
    const ids = stdout.split("\n").map((id) => id.trim()).filter(Boolean);
    if (ids.length === 0) return [];
    const format = `{{.Id}} {{with index .NetworkSettings.Networks "${this.network}"}}{{.IPAddress}}{{end}}`;
    const { stdout: inspected } = await docker(["inspect", "-f", format, ...ids], 60_000, true);
    return inspected.trim().split("\n").filter(Boolean).map((line) => {
      const [container = "", address = ""] = line.split(" ");
      return { container, address };
    }).filter((task) => task.address !== "");
  }

  /** Every service at its replica count, with every task that has a healthcheck healthy. */
  async waitConverged(timeoutMs: number): Promise<string> {
    const state = async () => {
      const { stdout } = await docker(["service", "ls", "--filter", `label=com.docker.stack.namespace=${this.name}`, "--format", "{{.Name}} {{.Replicas}}"]);
      const services = stdout.trim().split("\n").filter(Boolean);
      const { stdout: unhealthy } = await docker(["ps", "-q", "--filter", `label=com.docker.stack.namespace=${this.name}`, "--filter", "health=starting"]);
      const pending = services.filter((line) => {
        const [, replicas = ""] = line.split(" ");
        const [running, wanted] = replicas.split("/");
        return running !== wanted;
      });
      return { services, pending, starting: unhealthy.trim().split("\n").filter(Boolean).length };
    };
    try {
      await waitUntil("every service converged", async () => {
        const now = await state();
        return now.services.length > 0 && now.pending.length === 0 && now.starting === 0;
      }, timeoutMs, 1_000);
    } catch (error) {
      const now = await state();
      throw new Error(`${(error as Error).message}; now: ${now.services.join(", ")}; ${now.starting} task(s) still starting`);
    }
    return (await state()).services.map((line) => line.replace(`${this.name}_`, "")).join(", ");
  }

  async logs(service: string): Promise<string> {
    const { stdout, stderr } = await docker(["service", "logs", "--raw", "--no-task-ids", this.service(service)], 60_000, true);
    return stdout + stderr;
  }

  /** Removes the stack, then its volumes once their containers are gone. Safe to call twice. */
  async remove(): Promise<void> {
    await docker(["stack", "rm", this.name], 120_000, true);
    await waitUntil(`${this.name}'s containers and network gone`, async () => {
      const { stdout: containers } = await docker(["ps", "-aq", "--filter", `label=com.docker.stack.namespace=${this.name}`]);
      const { stdout: networks } = await docker(["network", "ls", "-q", "--filter", `name=${this.network}`]);
      return containers.trim() === "" && networks.trim() === "";
    }, 120_000, 1_000);
    const { stdout: volumes } = await docker(["volume", "ls", "-q", "--filter", `label=com.docker.stack.namespace=${this.name}`]);
    for (const volume of volumes.split("\n").map((v) => v.trim()).filter(Boolean)) await docker(["volume", "rm", volume], 60_000);
  }
}
