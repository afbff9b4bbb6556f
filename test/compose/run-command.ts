import { spawn } from "node:child_process";

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Streams the output to our stderr as it comes (long builds show progress). */
  readonly echo?: boolean;
  /** Resolves on a non-zero exit instead of rejecting. */
  readonly allowFailure?: boolean;
}

/** Runs a program without a shell, bounded in time; a non-zero exit rejects with the output's tail. */
export function runCommand(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const shown = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (options.echo) process.stderr.write(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (options.echo) process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${shown}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? -1, stdout, stderr };
      if (timedOut) return reject(new Error(`${shown}: timed out after ${options.timeoutMs} ms\n${tail(stdout + stderr)}`));
      if (result.code !== 0 && !options.allowFailure) {
        return reject(new Error(`${shown}: exited with ${code ?? signal}\n${tail(stdout + stderr)}`));
      }
      resolve(result);
    });
  });
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
