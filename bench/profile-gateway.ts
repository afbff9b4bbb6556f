import { mkdirSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchStack } from "./bench-stack.js";
import { runLoad, type LoadOptions } from "./load.js";
import { summariseProfile, type ProfileSummary } from "./summarise-profile.js";

/** A fresh gateway under node --cpu-prof, loaded, then stopped gently so the profile is written. */
export async function profileGateway(stack: BenchStack, load: Omit<LoadOptions, "url">, path: string, say: (text: string) => void): Promise<ProfileSummary> {
  const dir = join(tmpdir(), `helga-bench-profile-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const profiled = await stack.startService("gateway", { nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
  await runLoad({ ...load, url: `http://127.0.0.1:${profiled.port}${path}` });
  await profiled.process.stop("SIGTERM");
  // The main thread's profile is the big one (a loader worker may write a small one too).
  const file = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  if (!file) throw new Error(`the profiled gateway wrote no profile into ${dir}`);
  const summary = summariseProfile(join(dir, file));
  say(`    profile kept at ${join(dir, file)}`);
  return summary;
}
