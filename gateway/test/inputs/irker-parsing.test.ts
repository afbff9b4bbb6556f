import assert from "node:assert/strict";
import { test } from "node:test";
import { InputRefusal } from "../../src/inputs/input-refusal.js";
import { networkFor, parseIrkerTarget } from "../../src/inputs/irker/irker-target.js";
import { parseIrkerRequest } from "../../src/inputs/irker/parse-irker-request.js";

test("irker URLs: host, channel and key as irkerd reads them", () => {
  const cases: Array<[string, ReturnType<typeof parseIrkerTarget>]> = [
    ["irc://irc.libera.chat/#commits", { host: "irc.libera.chat", target: "#commits", key: undefined }],
    ["irc://irc.libera.chat:6667/commits", { host: "irc.libera.chat", target: "#commits", key: undefined }],
    ["ircs://IRC.Libera.Chat:6697/#ops", { host: "irc.libera.chat", target: "#ops", key: undefined }],
    ["irc://irc.oftc.net/#secret?key=hunter2", { host: "irc.oftc.net", target: "#secret", key: "hunter2" }],
    ["irc://irc.oftc.net/secret?hunter2", { host: "irc.oftc.net", target: "#secret", key: "hunter2" }],
    ["irc://irc.oftc.net/alice,isnick", { host: "irc.oftc.net", target: "alice", key: undefined }],
    ["irc://user:pw@[::1]:6667/&local", { host: "[::1]", target: "&local", key: undefined }],
  ];
  for (const [url, expected] of cases) assert.deepEqual(parseIrkerTarget(url), expected, url);
});

test("irker URLs without a server or channel, or of another scheme, are refused", () => {
  for (const url of ["http://example.org/#x", "irc://example.org/", "irc:///#x", "irc://example.org", "#commits"]) {
    assert.throws(() => parseIrkerTarget(url), (error) => error instanceof InputRefusal && error.reason === "malformed", url);
  }
});

test("the URL host picks the network; * catches the rest; an unknown host names the known ones", () => {
  const networks = new Map([
    ["irc.libera.chat", "default"],
    ["irc.oftc.net", "oftc"],
  ]);
  assert.equal(networkFor("irc.oftc.net", networks), "oftc");
  assert.throws(
    () => networkFor("irc.example.org", networks),
    (error) => error instanceof InputRefusal && error.reason === "unknown_network" && /"irc\.example\.org".*known: irc\.libera\.chat, irc\.oftc\.net/.test(error.message),
  );
  assert.equal(networkFor("irc.example.org", new Map([["*", "default"]])), "default");
});

test("irker requests: one target or a list; every target checked before anything is sent", () => {
  const networks = new Map([["*", "default"]]);
  assert.deepEqual(parseIrkerRequest('{"to": "irc://h/#a", "privmsg": "hi"}', networks), {
    targets: [{ host: "h", target: "#a", key: undefined, network: "default" }],
    privmsg: "hi",
  });
  assert.equal(parseIrkerRequest('{"to": ["irc://h/#a", "ircs://h/b?k"], "privmsg": "hi"}', networks).targets.length, 2);
  for (const json of ["{", "[]", '{"to": "irc://h/#a"}', '{"to": [], "privmsg": "x"}', '{"to": 5, "privmsg": "x"}', '{"to": "irc://h/#a", "privmsg": " "}', '{"to": ["irc://h/#a", "nope"], "privmsg": "x"}']) {
    assert.throws(() => parseIrkerRequest(json, networks), (error) => error instanceof InputRefusal && error.reason === "malformed", json);
  }
});
