/** One webhook request as a sender saw it. */
export interface Posted {
  readonly text: string;
  readonly sentAt: number;
  readonly doneAt: number;
  /** HTTP status, or 0 when the request failed without an answer (refused, reset, timed out). */
  readonly status: number;
  readonly body: string;
  /** The Retry-After header, when the answer had one. */
  readonly retryAfter: string | null;
}

export interface PostingRun {
  /** Requests finished so far, in the order they finished. */
  readonly results: readonly Posted[];
  /** How many got a 2xx so far. */
  readonly acknowledged: number;
  /** Resolves with every request once the texts run out. */
  readonly done: Promise<Posted[]>;
}

/**
 * Posts `{text}` JSON to `url` for each text `next()` hands out, with `concurrency` senders
 * that each wait for their answer (and `pauseMs` after it) before taking the next text (as webhook senders do).
 * `next()` returning undefined ends a sender. Each request is bounded by `timeoutMs`.
 */
export function startPosting(url: string, next: () => string | undefined, concurrency: number, timeoutMs = 30_000, pauseMs = 0): PostingRun {
  const results: Posted[] = [];
  let acknowledged = 0;
  const sender = async () => {
    for (let text = next(); text !== undefined; text = next()) {
      const sentAt = Date.now();
      let status = 0;
      let body = "";
      let retryAfter: string | null = null;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        body = await response.text();
      } catch (error) {
        body = String((error as { cause?: unknown }).cause ?? error);
      }
      if (status >= 200 && status < 300) acknowledged++;
      results.push({ text, sentAt, doneAt: Date.now(), status, body, retryAfter });
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, sender)).then(() => results);
  return {
    results,
    get acknowledged() {
      return acknowledged;
    },
    done,
  };
}

/** Hands out `texts` one by one, for startPosting. */
export function fromList(texts: readonly string[]): () => string | undefined {
  let at = 0;
  return () => texts[at++];
}

/**
 * Order a sender can rely on: when A was acknowledged before B was sent, A must be
 * delivered first. Compares first deliveries; returns a description of each broken pair
 * (at most `limit`), empty when the order holds.
 */
export function orderViolations(posted: readonly Posted[], delivered: readonly string[], limit = 10): string[] {
  const position = new Map<string, number>();
  delivered.forEach((text, index) => {
    if (!position.has(text)) position.set(text, index);
  });
  const placed = posted.flatMap((p) => {
    const at = position.get(p.text);
    return at === undefined ? [] : [{ ...p, at }];
  });
  const problems: string[] = [];
  for (const b of placed) {
    for (const a of placed) {
      if (a.doneAt < b.sentAt && a.at > b.at) {
        problems.push(`"${a.text}" was acknowledged before "${b.text}" was sent, but arrived after it`);
        if (problems.length >= limit) return problems;
      }
    }
  }
  return problems;
}

/** How many deliveries repeat a text delivered before. */
export function duplicateCount(delivered: readonly string[]): number {
  return delivered.length - new Set(delivered).size;
}
