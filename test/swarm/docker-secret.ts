import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../compose/run-command.js";

/** `docker secret create name` from a private temporary file, removed at once. */
export async function createDockerSecret(name: string, content: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "helga-swarm-"));
  try {
    writeFileSync(join(folder, "secret"), content, { mode: 0o600 });
    await runCommand("docker", ["secret", "create", name, join(folder, "secret")], { timeoutMs: 60_000 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
