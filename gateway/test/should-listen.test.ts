import assert from "node:assert/strict";
import { test } from "node:test";
import type { BotState } from "@helga/shared";
import { shouldListen } from "../src/control/should-listen.js";

const state = (signedOnAt?: number): BotState => ({ connected: true, nickname: "helga", channels: [], operators: [], updatedAt: 1, ...(signedOnAt === undefined ? {} : { signedOnAt }) });

test("listens once any network's bot has signed on, while webhooks are on", () => {
  const cases: Array<[Array<[string, BotState | undefined]>, boolean, boolean]> = [
    [[], true, false],
    [[["default", undefined]], true, false],
    [[["default", state()]], true, false],
    [[["default", state(5)]], true, true],
    [[["default", undefined], ["oftc", state(5)]], true, true],
    [[["default", state(5)], ["oftc", state(5)]], false, false],
  ];
  for (const [networks, webhooksEnabled, expected] of cases) {
    assert.equal(shouldListen({ networks: new Map(networks), webhooksEnabled }), expected, JSON.stringify({ networks, webhooksEnabled }));
  }
});
