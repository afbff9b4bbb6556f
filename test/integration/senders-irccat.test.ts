import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { readDeliveries, redisKeys } from "@helga/shared";
import { after, before, describe, it } from "node:test";
import { freePort, IrcObserver, metricValue, post, Stack, tcpSend, waitUntil, type Gateway } from "../harness/index.js";

const SECRET = "irccat-test-secret-0123456789";

describe("irccat senders: lines on a TCP port and POST /send reach IRC through the gateway", () => {
  const stack = new Stack();
  let gateway: Gateway;
  let port: number;
  let outsider: IrcObserver;
  const metrics = () => `http://127.0.0.1:${gateway.adminPort}/metrics`;

  before(async () => {
    await stack.start(0);
    port = await freePort();
    gateway = await stack.startGateway({ IRCCAT_PORT: String(port), IRCCAT_SECRET: SECRET, RELAY_MAX_CONNECTIONS: "3" });
    await gateway.waitForLog(`irccat input listening on TCP port ${port}`);
    await stack.observer.join("#other");
    outsider = new IrcObserver("outsider", stack.ircd.host, stack.ircd.port);
    await outsider.connect(["#secret"]);
  });
  after(() => {
    outsider?.close();
    return stack.stop();
  });

  it("sends several lines of one connection, in order, to their targets, with irccat's formatting", async () => {
    const reply = await tcpSend(
      port,
      [
        "#helga-test %BOLD%deploy%NORMAL% done",
        "plain text goes to the default channel",
        "#helga-test,#other to two channels",
        "@watcher a private word",
        "#helga-test Status is%GREEN OK %NORMAL",
      ].join("\n") + "\n",
    );
    assert.equal(reply, "", "nothing to complain about");
    const lines = await stack.observer.waitForMessages(stack.channel, 4);
    assert.deepEqual(lines.slice(0, 4), ["\x02deploy\x0f done", "plain text goes to the default channel", "to two channels", "Status is\x0309 OK \x0f"]);
    await stack.observer.waitForMessage("#other", "to two channels");
    await stack.observer.waitForMessage(stack.observerNick, "a private word");
  });

  it("sends `#*` to every channel the bot reports being in", async () => {
    await waitUntil("the bot to report #other among its channels", async () => {
      const state = JSON.parse((await stack.redis.client.get(redisKeys("helga").botState)) ?? "{}") as { channels?: string[] };
      return state.channels?.includes("#other") ?? false;
    });
    await tcpSend(port, "#* to every channel the bot is in\n");
    await stack.observer.waitForMessage(stack.channel, "to every channel the bot is in");
    await stack.observer.waitForMessage("#other", "to every channel the bot is in");
  });

  it("counts each line as an irccat delivery in the request metrics", async () => {
    await waitUntil("six irccat deliveries counted", async () =>
      (await metricValue(metrics(), "helga_gateway_http_requests_total", { webhook: "irccat", method: "TCP", status: "202" })) === 6,
    );
  });

  it("records each line in the delivery trail as an irccat delivery, sent", async () => {
    const delivery = await waitUntil("the #other line to be recorded as sent", async () => {
      const { deliveries } = await readDeliveries(stack.redis.client, redisKeys("helga"), { webhook: "irccat", target: "#other", limit: 10 });
      return deliveries.find((d) => d.text === "to two channels" && d.status === "sent");
    });
    assert.equal(delivery.op, "msg");
  });

  it("serves irccat's POST /send with the bearer secret, and refuses a wrong one with nothing said", async () => {
    const wrong = await post(`${gateway.url}/send`, "#helga-test must not appear", { authorization: "Bearer wrong-secret-0123456789" });
    assert.equal(wrong.status, 401);
    const right = await post(`${gateway.url}/send`, "#helga-test from curl\n%RED%second%NORMAL% line\n", { authorization: `Bearer ${SECRET}` });
    assert.equal(right.status, 200);
    await stack.observer.waitForMessage(stack.channel, "\x0304second\x0f line");
    const seen = stack.observer.messages(stack.channel);
    assert.ok(seen.includes("from curl"));
    assert.ok(!seen.some((line) => line.includes("must not appear")));
  });

  it("keeps CR and NUL inside a line as text: one IRC line, no command smuggled to another channel", async () => {
    await tcpSend(port, "#helga-test hello\rPRIVMSG #secret :owned\0!\n");
    await stack.observer.waitForMessage(stack.channel, "hello PRIVMSG #secret :owned !");
    await tcpSend(port, "#helga-test after the injection\n");
    await stack.observer.waitForMessage(stack.channel, "after the injection");
    assert.deepEqual(outsider.messages("#secret"), []);
  });

  it("answers a line over 4 KiB with an error line, closes the connection, and sends nothing of it", async () => {
    const reply = await tcpSend(port, `#helga-test before it\n#helga-test ${"x".repeat(5000)}\n#helga-test never sent\n`, { end: false });
    assert.match(reply, /^error: message longer than 4096 bytes; nothing of it was sent; closing\n$/);
    await tcpSend(port, "#helga-test marker after the oversize line\n");
    await stack.observer.waitForMessage(stack.channel, "marker after the oversize line");
    const seen = stack.observer.messages(stack.channel);
    assert.ok(seen.includes("before it"), "the whole line before it is sent");
    assert.ok(!seen.some((line) => line.includes("xxxx") || line === "never sent"));
    await gateway.waitForLog("irccat: refused: message longer than 4096 bytes");
    assert.equal(await metricValue(metrics(), "helga_gateway_input_refusals_total", { webhook: "irccat", reason: "oversize" }), 1);
  });

  it("tells the sender why a line was not sent and goes on with the next", async () => {
    const reply = await tcpSend(port, "#helga-test\n#bad\x07chan text\n#helga-test still here\n");
    assert.match(reply, /^error: no text after the target "#helga-test"\nerror: .*\n$/);
    await stack.observer.waitForMessage(stack.channel, "still here");
  });

  it("caps the connections one address may hold", async () => {
    const held = await Promise.all([0, 1, 2].map(() => openSocket(port)));
    try {
      const reply = await tcpSend(port, "#helga-test one too many\n");
      assert.equal(reply, "error: too many connections from your address\n");
      await gateway.waitForLog(/^irccat: refused: 127\.0\.0\.1 already has 3 connections/);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });

  it("refuses an address outside IRCCAT_ALLOW with a log line and a metric", async () => {
    const guardedPort = await freePort();
    const guarded = await stack.startGateway({ IRCCAT_PORT: String(guardedPort), IRCCAT_ALLOW: "10.0.0.0/8,192.168.0.0/16" });
    await guarded.waitForLog(`irccat input listening on TCP port ${guardedPort}`);
    // Cut before a word is read: the sender sees the connection closed or reset.
    await tcpSend(guardedPort, "#helga-test from outside the allow-list\n").catch((error: NodeJS.ErrnoException) => assert.equal(error.code, "ECONNRESET"));
    await guarded.waitForLog("irccat: refused: 127.0.0.1 is not in IRCCAT_ALLOW");
    assert.equal(await metricValue(`http://127.0.0.1:${guarded.adminPort}/metrics`, "helga_gateway_input_refusals_total", { webhook: "irccat", reason: "not_allowed" }), 1);
    await tcpSend(port, "#helga-test marker after the refused address\n");
    await stack.observer.waitForMessage(stack.channel, "marker after the refused address");
    assert.ok(!stack.observer.messages(stack.channel).includes("from outside the allow-list"));
    await guarded.stop();
  });

  it("lists the input in `!webhooks routes`", async () => {
    stack.observer.say(stack.channel, "!webhooks routes");
    await stack.observer.waitForMessage(stack.observerNick, `[TCP] irccat on port ${port}`);
    await stack.observer.waitForMessage(stack.observerNick, "[POST] /send/?$");
  });

  it("refuses connections while webhooks are stopped, and serves again after start", async () => {
    stack.observer.say(stack.channel, "!webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service stopped");
    await waitUntil("the irccat port to refuse connections", () => tcpSend(port, "").then(() => false, (error: NodeJS.ErrnoException) => error.code === "ECONNREFUSED"));
    stack.observer.say(stack.channel, "!webhooks start");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service started");
    await waitUntil("the irccat port to accept again", () => tcpSend(port, "#helga-test back again\n").then(() => true, () => false));
    await stack.observer.waitForMessage(stack.channel, "back again");
  });
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.on("error", reject);
  });
}
