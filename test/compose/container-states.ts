import type { ComposeProject } from "./compose-project.js";
import { runCommand } from "./run-command.js";

export interface ContainerState {
  readonly name: string;
  readonly status: string;
  readonly ok: boolean;
}

/** Every container of the project: healthy when it has a healthcheck, else running. */
export async function projectStates(compose: ComposeProject): Promise<ContainerState[]> {
  const { stdout: ids } = await compose.run(["ps", "-q"], 60_000);
  return containerStates(ids.split("\n").map((id) => id.trim()).filter(Boolean));
}

export async function containerStates(ids: readonly string[]): Promise<ContainerState[]> {
  if (ids.length === 0) return [];
  const { stdout } = await runCommand("docker", ["inspect", "-f", "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}", ...ids], { timeoutMs: 30_000 });
  return stdout.trim().split("\n").map((line) => {
    const [name = "", status = "", health = ""] = line.trim().replace(/^\//, "").split(" ");
    return { name, status: health ? `${status}/${health}` : status, ok: health ? health === "healthy" : status === "running" };
  });
}

/** Container addresses of the running gateways (or of the given gateway containers). */
export async function gatewayAddresses(compose: ComposeProject, only?: readonly string[]): Promise<Set<string>> {
  const ids = only ?? (await compose.containerIds("gateway"));
  const { stdout } = await runCommand("docker", ["inspect", "-f", "{{.State.Running}} {{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", ...ids], { timeoutMs: 30_000 });
  return new Set(stdout.split("\n").filter((line) => line.startsWith("true ")).flatMap((line) => line.split(" ").slice(1)).filter(Boolean));
}

/** Workspace → image of the running gateway and bot containers. */
export async function builtImages(compose: ComposeProject): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  for (const service of ["gateway", "bot"]) {
    const [id] = await compose.containerIds(service);
    if (id === undefined) continue;
    const { stdout } = await runCommand("docker", ["inspect", "-f", "{{.Config.Image}}", id], { timeoutMs: 30_000 });
    images.set(service, stdout.trim());
  }
  return images;
}
