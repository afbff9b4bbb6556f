import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** Children still running: killed when the test process exits, so no server outlives its test file. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A child process whose output is kept, for servers the tests start and stop. */
export class ManagedProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;

  constructor(
    readonly label: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly cwd?: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.running) throw new Error(`${this.label} is already running`);
    const child = spawn(this.command, this.args, { env: this.env, cwd: this.cwd, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    live.add(child);
    child.once("exit", () => live.delete(child));
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.output.push(line);
      if (process.env.HARNESS_VERBOSE) process.stderr.write(`[${this.label}] ${chunk.toString("utf8")}`);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
  }

  /** Sends `signal` and waits (bounded) for the exit; SIGKILL if it does not go. */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, "exit");
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Resolves with the exit code when the process ends by itself. */
  async exitCode(timeoutMs = 10_000): Promise<number | null> {
    const child = this.child;
    if (!child) throw new Error(`${this.label} was never started`);
    if (!this.running) return child.exitCode;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const [code] = (await once(child, "exit")) as [number | null];
    clearTimeout(timer);
    return code;
  }

  /** The tail of the output, for assertion messages. */
  tail(lines = 30): string {
    return this.output.slice(-lines).join("\n");
  }
}
