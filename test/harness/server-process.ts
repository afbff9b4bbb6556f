import { rmSync } from "node:fs";
import { ManagedProcess } from "./child-process.js";
import { locateProgram } from "./test-tools.js";
import { waitUntil } from "./wait-until.js";

export interface ServerProcess {
  readonly process: ManagedProcess;
  /** Stops it (SIGTERM by default) and starts it again with the same settings, waiting until it is ready. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Kills it and removes its temp folder. */
  stop(): Promise<void>;
}

/** Starts a server the tests need and waits for the log line that says it is ready. */
export async function startServerProcess(options: {
  label: string;
  command: string;
  args: readonly string[];
  readyLine: string;
  /** Temp folder of its data and config, removed by stop(). */
  dir: string;
}): Promise<ServerProcess> {
  // Found in PATH or the sbin folders (Debian installs the IRC servers there, off a normal user's PATH).
  const proc = new ManagedProcess(options.label, locateProgram(options.command) ?? options.command, options.args);
  const up = async () => {
    const before = proc.output.length;
    proc.start();
    await waitUntil(options.label, () => proc.output.slice(before).some((line) => line.includes(options.readyLine)), 10_000);
  };
  await up();
  return {
    process: proc,
    async restart(signal = "SIGTERM") {
      await proc.stop(signal);
      await up();
    },
    async stop() {
      await proc.stop("SIGKILL");
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}
