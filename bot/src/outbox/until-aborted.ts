/**
 * `promise`'s value, or undefined as soon as `signal` aborts, whichever comes first (a
 * rejection of `promise` first rejects). Unlike `Promise.race([promise, neverSettled])`, which
 * leaves a reaction — and through it the race's result — on the long-lived promise for every
 * call (the bot's heap grew ~350 bytes per message that way, BENCHMARKS.md), this removes its
 * listener once `promise` settles, so nothing of a finished call stays reachable.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(() => undefined); // given up on: its failure is nobody's to handle
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      resolve(undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
