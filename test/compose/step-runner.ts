/** Runs named steps in order and counts them; after a failure the rest are counted as not run. */
export class StepRunner {
  passed = 0;
  failed = 0;
  notRun = 0;

  constructor(private readonly write: (line: string) => void) {}

  async step(name: string, body: () => Promise<string | void>): Promise<void> {
    if (this.failed > 0) {
      this.notRun += 1;
      this.write(`- ${name}: not run`);
      return;
    }
    const started = Date.now();
    try {
      const note = await body();
      this.passed += 1;
      this.write(`ok ${name} (${seconds(started)})${note ? `: ${note}` : ""}`);
    } catch (error) {
      this.failed += 1;
      this.write(`FAIL ${name} (${seconds(started)}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Ends the run through `finish` on SIGINT/SIGTERM or past the deadline, counting a failure (tear-down always runs). */
  endOnInterrupt(finish: (code: number) => Promise<never>, deadlineMs: number, what: string): void {
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      process.once(signal, () => {
        this.write(`FAIL interrupted by ${signal}`);
        this.failed += 1;
        void finish(code);
      });
    }
    setTimeout(() => {
      this.write(`FAIL the ${what} passed its ${deadlineMs / 60_000} minute deadline`);
      this.failed += 1;
      void finish(1);
    }, deadlineMs).unref();
  }

  summary(): string {
    return `${this.passed} passed, ${this.failed} failed${this.notRun ? ` (${this.notRun} not run)` : ""}`;
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
