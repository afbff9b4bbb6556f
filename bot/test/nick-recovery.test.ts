import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "@helga/shared";
import { NickRecovery } from "../src/irc/registration/nick-recovery.js";

function setup(intervalMs = 0) {
  const state = { nick: "helga_", requested: [] as string[], asked: [] as string[] };
  const recovery = new NickRecovery({
    wanted: "helga",
    current: () => state.nick,
    same: (x, y) => x.toLowerCase() === y.toLowerCase(),
    requestNick: (nick) => state.requested.push(nick),
    askOnline: (nick) => state.asked.push(nick),
    intervalMs,
    logger: createLogger("test", "silent"),
  });
  return { state, recovery };
}

describe("NickRecovery", () => {
  it("asks for the configured nick as soon as its holder quits or renames", () => {
    const { state, recovery } = setup();
    recovery.check();
    recovery.freed("someone");
    assert.deepEqual(state.requested, []);
    recovery.freed("HELGA");
    assert.deepEqual(state.requested, ["helga"]);
  });

  it("asks ISON periodically and takes the nick when it is not online", async () => {
    const { state, recovery } = setup(10);
    recovery.check();
    for (let i = 0; i < 200 && state.asked.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(state.asked.length >= 2, `asked ${state.asked.length} times`);
    assert.ok(state.asked.every((nick) => nick === "helga"));
    recovery.online(["helga"]);
    assert.deepEqual(state.requested, [], "still taken");
    recovery.online([]);
    assert.deepEqual(state.requested, ["helga"]);
    recovery.stop();
  });

  it("does nothing while it has the configured nick, and stops once it gets it back", async () => {
    const { state, recovery } = setup(5);
    state.nick = "helga";
    recovery.check();
    recovery.freed("helga");
    recovery.online([]);
    state.nick = "helga_";
    recovery.check();
    state.nick = "Helga";
    recovery.check();
    const asked = state.asked.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(state.asked.length, asked, "no more ISON once the nick is back");
    recovery.freed("helga");
    assert.deepEqual(state.requested, []);
  });

  it("stops watching when disconnected", () => {
    const { state, recovery } = setup();
    recovery.check();
    recovery.stop();
    recovery.freed("helga");
    assert.deepEqual(state.requested, []);
  });
});
