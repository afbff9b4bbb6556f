import { readFileSync } from "node:fs";

/** A transcribed sender payload: where it comes from, the headers the sender sets, the JSON body. */
export interface Fixture {
  readonly source: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Record<string, unknown>;
}

export function fixture(path: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}.json`, import.meta.url), "utf8")) as Fixture;
}
