import { setTimeout as sleep } from "node:timers/promises";

/** Time as the flood sender sees it; tests hand in a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => sleep(ms),
};
