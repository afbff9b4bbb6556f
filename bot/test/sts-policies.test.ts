import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stsOffer } from "../src/irc/transport/listen-for-sts.js";
import { StsPolicies } from "../src/irc/transport/sts-policies.js";

describe("stsOffer", () => {
  it("reads sts= from CAP LS (also a continued one) and CAP NEW, and nothing else", () => {
    assert.deepEqual(stsOffer(":irc.test CAP * LS :batch sts=port=6697 server-time\r\n"), { port: 6697 });
    assert.deepEqual(stsOffer(":irc.test CAP * LS * :sts=duration=300,port=6697,preload"), { port: 6697, duration: 300 });
    assert.deepEqual(stsOffer("@time=x :irc.test CAP helga NEW :sts=duration=0"), { duration: 0 });
    assert.equal(stsOffer(":irc.test CAP * LS :batch server-time"), undefined);
    assert.equal(stsOffer(":nick!u@h PRIVMSG #c :CAP * LS :sts=port=1"), undefined);
  });
});

describe("StsPolicies", () => {
  it("sends a host to TLS on the policy's port while it lasts; duration 0 drops it", () => {
    const saved: string[] = [];
    const policies = new StsPolicies({ store: { get: async () => undefined, set: async (host, port, s) => saved.push(`${host} ${port} ${s}`), delete: async (host) => saved.push(`-${host}`) } });
    assert.deepEqual(policies.target("IRC.example", 6667, false), { port: 6667, tls: false });
    policies.upgrade("IRC.example", 6697);
    assert.deepEqual(policies.target("irc.example", 6667, false), { port: 6697, tls: true });
    policies.persist("irc.example", 6697, 300);
    policies.persist("irc.example", 6697, 0);
    assert.deepEqual(policies.target("irc.example", 6667, false), { port: 6667, tls: false });
    assert.deepEqual(saved, ["irc.example 6697 300", "-irc.example"]);
  });

  it("restores a kept policy for as long as Redis has left of it", async () => {
    const policies = new StsPolicies({ store: { get: async (host) => (host === "irc.example" ? { port: 6697, remainingMs: 60_000 } : undefined), set: async () => 0, delete: async () => 0 } });
    await policies.restore(["irc.example", "other.example"]);
    assert.deepEqual(policies.target("irc.example", 6667, false), { port: 6697, tls: true });
    assert.deepEqual(policies.target("other.example", 6667, false), { port: 6667, tls: false });
  });
});
