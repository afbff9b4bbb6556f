import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { post, Service, sleep, Stack } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

describe("the bot over TLS (SERVER_SSL) to a server with a self-signed certificate", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "ngircd-tls" });
  before(() => stack.startInfrastructure());
  after(() => stack.stop());

  it("refuses the unverifiable certificate while SERVER_SSL_VERIFY is on (the default)", async () => {
    const tlsPort = String(stack.ircd.tlsPort);
    const strict = new Service("bot", {
      REDIS_URL: stack.redis.url, SERVER_HOST: "localhost", SERVER_PORT: tlsPort, SERVER_SSL: "true",
      NICK: "strictbot", CHANNELS: stack.channel, ADMIN_PORT: "0",
    }).start();
    try {
      const failure = await strict.waitForLog("irc TLS certificate refused; not connecting", 15_000);
      assert.match(String(failure.err), /self-signed certificate/, "the log says why");
      await sleep(1_000);
      assert.ok(!strict.logs().some((line) => line.msg === "irc registered"), "the bot must not sign on to an unverified server");
      assert.ok(!(await stack.observer.names(stack.channel)).includes("strictbot"));
    } finally {
      await strict.stop("SIGKILL");
    }
  });

  it("signs on with SERVER_SSL_VERIFY=false and delivers a webhook's message", async () => {
    await stack.startBot({ SERVER_HOST: "localhost", SERVER_PORT: String(stack.ircd.tlsPort), SERVER_SSL: "true", SERVER_SSL_VERIFY: "false" });
    const gateway = await stack.startGateway();
    const response = await post(`${gateway.url}/say/helga-test`, { text: "sent over TLS ✓" });
    assert.equal(response.status, 200);
    assert.equal(await stack.observer.waitForMessage(stack.channel, "sent over TLS ✓"), "sent over TLS ✓");
    const registered = stack.ircd.process.output.filter((line) => /TLS/.test(line));
    assert.ok(registered.length > 0, "ngircd saw a TLS connection");
  });
});
