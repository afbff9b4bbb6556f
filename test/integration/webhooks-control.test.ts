import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IrcObserver, isRefused, post, Stack, waitUntil, type Gateway } from "../harness/index.js";
import { SAY_WEBHOOK } from "./fixtures.js";

describe("operators turn the webhooks off and on for every gateway", () => {
  const stack = new Stack({ webhooks: { "say.ts": SAY_WEBHOOK } });
  let outsider: IrcObserver;
  let first: Gateway;
  let second: Gateway;
  const allRefused = (gateways: Gateway[]) => Promise.all(gateways.map((g) => isRefused(`${g.url}/say/x`))).then((r) => r.every(Boolean));
  const noneRefused = (gateways: Gateway[]) => Promise.all(gateways.map((g) => isRefused(`${g.url}/say/x`))).then((r) => r.every((x) => !x));

  before(async () => {
    await stack.start(2);
    [first, second] = stack.gateways as [Gateway, Gateway];
    outsider = new IrcObserver("outsider", stack.ircd.host, stack.ircd.port);
    await outsider.connect([stack.channel]);
  });
  after(() => {
    outsider?.close();
    return stack.stop();
  });

  it("serves on both gateways once the bot has signed on", async () => {
    assert.ok(await noneRefused([first, second]));
    assert.equal((await post(`${first.url}/say/helga-test`, { text: "from first" })).status, 200);
    assert.equal((await post(`${second.url}/say/helga-test`, { text: "from second" })).status, 200);
    await stack.observer.waitForMessage(stack.channel, "from second");
  });

  it("refuses a non-operator and changes nothing", async () => {
    outsider.say(stack.channel, "!webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Sorry outsider, Only an operator can do that");
    assert.ok(await noneRefused([first, second]));
  });

  it("stops every gateway on an operator's `!webhooks stop`", async () => {
    stack.observer.say(stack.channel, "!webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service stopped");
    await waitUntil("both gateways to refuse connections", () => allRefused([first, second]));
  });

  it("answers that the service is not running on a second stop", async () => {
    stack.observer.say(stack.channel, "helgabot: webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service not running");
  });

  it("keeps a gateway started while stopped closed", async () => {
    const late = await stack.startGateway({}, false);
    await waitUntil("the late gateway to report its routes", async () => (await stack.redis.client.hexists("helga:gateways", `gw-${late.port}`)) === 1);
    assert.ok(await isRefused(`${late.url}/say/x`));
  });

  it("serves again on every gateway, the late one too, after `!webhooks start`", async () => {
    stack.observer.say(stack.channel, "helgabot webhooks start");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service started");
    await waitUntil("all gateways to serve again", () => noneRefused(stack.gateways));
    const response = await post(`${stack.gateways[2]!.url}/say/helga-test`, { text: "back again" });
    assert.equal(response.status, 200);
    await stack.observer.waitForMessage(stack.channel, "back again");
    stack.observer.say(stack.channel, "!webhooks start");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service already running");
  });
});
