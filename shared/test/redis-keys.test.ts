import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redisKeys } from "../src/index.js";

describe("redisKeys", () => {
  it("keeps today's names for the default network, so an upgrade needs no migration", () => {
    const keys = redisKeys("helga");
    assert.equal(keys.network, "default");
    assert.equal(keys.outbox, "helga:outbox");
    assert.equal(keys.deadLetter, "helga:outbox:dead");
    assert.equal(keys.botState, "helga:bot:state");
    assert.equal(redisKeys("helga", "default").outbox, keys.outbox);
  });

  it("keys what a bot owns by network and shares the rest", () => {
    const base = redisKeys("helga");
    const oftc = base.forNetwork("oftc");
    assert.equal(oftc.outbox, "helga:net:oftc:outbox");
    assert.equal(oftc.deadLetter, "helga:net:oftc:outbox:dead");
    assert.equal(oftc.botState, "helga:net:oftc:bot:state");
    assert.equal(oftc.lastGoodServer, "helga:net:oftc:bot:last-server");
    assert.notEqual(oftc.lastGoodServer, base.lastGoodServer);
    for (const shared of ["webhooksEnabled", "gateways", "control", "networks", "outboxGroup"] as const) assert.equal(oftc[shared], base[shared], shared);
    assert.equal(oftc.delivery("x"), base.delivery("x"));
    assert.equal(oftc.webhookDb("pkg"), base.webhookDb("pkg"));
  });

  it("no network name reaches another network's or a shared key", () => {
    // A network called "outbox" or "db" must not land on `helga:outbox:…` or a webhook's db.
    for (const name of ["outbox", "db", "bot", "webhooks"]) {
      const keys = redisKeys("helga", name);
      assert.ok(keys.outbox.startsWith(`helga:net:${name}:`), keys.outbox);
    }
  });

  it("refuses a name that is not a network name", () => {
    assert.throws(() => redisKeys("helga", "Bad Name"), /Invalid IRC network name "Bad Name"/);
    assert.throws(() => redisKeys("helga", "a:b"), /Invalid IRC network name/);
  });
});
