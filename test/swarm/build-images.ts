import { runCommand } from "../compose/run-command.js";

/** Builds each Dockerfile as its tag from the repository root, on the base images of `baseImages` (NODE_IMAGE, …). */
export async function buildImages(repoRoot: string, baseImages: Readonly<Record<string, string>>, builds: ReadonlyArray<readonly [dockerfile: string, tag: string]>): Promise<void> {
  const env = { ...process.env, ...baseImages };
  const buildArgs = baseImages.NODE_IMAGE ? ["--build-arg", `NODE_IMAGE=${baseImages.NODE_IMAGE}`] : [];
  for (const [dockerfile, tag] of builds) {
    await runCommand("docker", ["build", "-q", "-f", dockerfile, ...buildArgs, "-t", tag, "."], { timeoutMs: 6 * 60_000, env, cwd: repoRoot });
  }
}
