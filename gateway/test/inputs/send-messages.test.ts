import assert from "node:assert/strict";
import { test } from "node:test";
import type { WebhookClient } from "../../src/api/types.js";
import { UnknownNetworkError } from "../../src/client/check-network.js";
import { createGatewayMetrics } from "../../src/metrics/gateway-metrics.js";
import { createDelivery } from "../../src/inputs/deliver-message.js";
import { InputRefusal } from "../../src/inputs/input-refusal.js";
import { parseIrccatLine } from "../../src/inputs/irccat/parse-irccat-line.js";
import { sendIrccatLine } from "../../src/inputs/irccat/send-irccat-line.js";
import { parseIrkerRequest } from "../../src/inputs/irker/parse-irker-request.js";
import { sendIrkerRequest } from "../../src/inputs/irker/send-irker-request.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** A client that records its calls as "network op target text"; `known` networks have a bot. */
function recordingClient(channels: readonly string[] = [], known = ["default", "oftc"]) {
  const calls: string[] = [];
  const make = (network: string): WebhookClient => ({
    network: (name) => {
      if (!known.includes(name)) throw new UnknownNetworkError(`Unknown IRC network "${name}"`);
      return make(name);
    },
    msg: async (target, text) => void calls.push(`${network} msg ${target} ${text}`),
    me: async () => undefined,
    notice: async () => undefined,
    join: async (channel, key) => void calls.push(`${network} join ${channel} ${key ?? ""}`.trim()),
    leave: async () => undefined,
    nickname: "helga",
    channels,
    operators: [],
    connected: true,
  });
  return { client: make("default"), calls };
}

test("irccat: targets in order, #* from the bot's channels, the default channel, CR and NUL kept on the line", async () => {
  const { client, calls } = recordingClient(["#a", "#b"]);
  await sendIrccatLine(parseIrccatLine("#x,@bob %BOLDhi"), "#ops")(client);
  await sendIrccatLine(parseIrccatLine("#* all"), "#ops")(client);
  await sendIrccatLine(parseIrccatLine("plain\rPRIVMSG #x :y\0z"), "#ops")(client);
  assert.deepEqual(calls, ["default msg #x \x02hi", "default msg bob \x02hi", "default msg #a all", "default msg #b all", "default msg #ops plain PRIVMSG #x :y z"]);
  await assert.rejects(sendIrccatLine(parseIrccatLine("#* all"), "#ops")(recordingClient([]).client), (e) => e instanceof InputRefusal && e.reason === "no_target");
  await assert.rejects(sendIrccatLine(parseIrccatLine("plain"), undefined)(client), (e) => e instanceof InputRefusal && e.reason === "no_target");
});

test("irker: each target on its host's network, keyed channels joined first unless the bot is in them", async () => {
  const networks = new Map([["irc.oftc.net", "oftc"], ["*", "default"]]);
  const { client, calls } = recordingClient(["#in"]);
  const request = parseIrkerRequest(
    JSON.stringify({ to: ["irc://irc.libera.chat/#a", "irc://irc.oftc.net/b?key=k", "irc://x/#in?key=k"], privmsg: "one\r\ntwo\0" }),
    networks,
  );
  assert.deepEqual(await sendIrkerRequest(request)(client), ["#a", "oftc:#b", "#in"]);
  assert.deepEqual(calls, ["default msg #a one\ntwo", "oftc join #b k", "oftc msg #b one\ntwo", "default msg #in one\ntwo"]);
});

test("irker: a network no bot serves refuses the request before anything is sent", async () => {
  const { client, calls } = recordingClient([], ["default"]);
  const request = parseIrkerRequest(JSON.stringify({ to: ["irc://a/#a", "irc://b/#b"], privmsg: "x" }), new Map([["a", "default"], ["b", "oftc"]]));
  await assert.rejects(sendIrkerRequest(request)(client), UnknownNetworkError);
  assert.deepEqual(calls, []);
});

test("a delivery logs one line, counts the request with an HTTP-like status, and tells the sender why not", async () => {
  const metrics = createGatewayMetrics();
  const { logger, lines } = captureLogger();
  const refusals: string[] = [];
  const deliver = createDelivery({ webhook: "irccat", clientFor: () => recordingClient().client, metrics, countRefusal: (_, reason) => void refusals.push(reason), logger });
  assert.equal(await deliver("tcp", "127.0.0.1", () => async () => ["#a"]), undefined);
  const refused = await deliver("tcp", "127.0.0.1", () => {
    throw new InputRefusal("malformed", "no text");
  });
  assert.equal(refused, "no text");
  assert.equal(await deliver("udp", "10.0.0.1", () => async () => Promise.reject(new Error("boom"))), "internal error");
  assert.deepEqual(refusals, ["malformed"]);
  assert.deepEqual(
    lines.map(({ msg, status, transport }) => [msg, status, transport]),
    [["irccat: queued for #a", 202, "tcp"], ["irccat: not sent: no text", 400, "tcp"], ["irccat: not sent: internal error", 500, "udp"]],
  );
  const text = await metrics.registry.metrics();
  assert.match(text, /helga_gateway_http_requests_total\{route="irccat:tcp",method="TCP",status="202",webhook="irccat"\} 1/);
  assert.match(text, /helga_gateway_http_requests_total\{route="irccat:udp",method="UDP",status="500",webhook="irccat"\} 1/);
});
