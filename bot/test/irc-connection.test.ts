import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, loadSettings } from "@helga/shared";
import { IrcConnection } from "../src/irc/irc-connection.js";
import { NotConnectedError } from "../src/irc/not-connected-error.js";
import type { IncomingMessage } from "../src/irc/irc-events.js";
import { keepIdentity } from "../src/irc/registration/keep-identity.js";
import { FakeClient } from "./fake-irc-client.js";

const logger = createLogger("test", "silent");
const settings = loadSettings({ NICK: "helga", CHANNELS: "#one,#two", SERVER_HOST: "irc.example", SERVER_PORT: "6697", SERVER_SSL: "1", SERVER_SSL_VERIFY: "0", SASL_USERNAME: "acct", SASL_PASSWORD: "pw", SASL_REQUIRED: "false" });

function setup() {
  const client = new FakeClient();
  const irc = new IrcConnection({ settings, logger, createClient: () => client, rejoinDelayMs: 5, reconnectCapMs: 20 });
  return { client, irc };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), "condition never became true");
};

test("connects with TLS, SASL and its own reconnect (irc-framework's off)", () => {
  const { client, irc } = setup();
  irc.start();
  const options = client.connects[0];
  assert.ok(options);
  assert.equal(options.host, "irc.example");
  assert.equal(options.port, 6697);
  assert.equal(options.tls, true);
  assert.equal(options.rejectUnauthorized, false);
  assert.deepEqual(options.account, { account: "acct", password: "pw" });
  assert.equal(options.auto_reconnect, false);
  assert.ok(options.ping_timeout > 0, "no line from the server for that long closes the connection");
  assert.equal(options.ping_interval, 0, "our own PINGs (the fences) replace irc-framework's");
  void irc.quit("bye");
});

test("falls back to another nick while registering, joins its channels once registered", async () => {
  const { client, irc } = setup();
  const registered: string[] = [];
  irc.on("registered", (nick) => registered.push(nick));
  irc.start();
  client.emit("nick in use", { nick: "helga", reason: "in use" });
  client.emit("nick in use", { nick: "helga_", reason: "in use" });
  assert.deepEqual(client.nickChanges, ["helga_", "helga__"]);
  await assert.rejects(irc.writeLine("PRIVMSG #one :too early"), NotConnectedError);
  client.emit("registered", { nick: "helga__" });
  assert.deepEqual(registered, ["helga__"]);
  assert.equal(irc.nick, "helga__");
  assert.deepEqual(client.written, ["JOIN #one,#two"]);
  client.emit("join", { nick: "helga__", channel: "#one" });
  client.emit("join", { nick: "someone", channel: "#one" });
  assert.deepEqual(irc.channels, ["#one"]);
  await irc.writeLine("PRIVMSG #one :hi");
  assert.equal(client.written.at(-1), "PRIVMSG #one :hi");
  await irc.quit("bye");
});

test("rejoins after a kick, after a short delay", async () => {
  const { client, irc } = setup();
  const kicked: string[] = [];
  irc.on("kicked", (channel, by) => kicked.push(`${channel} by ${by}`));
  irc.start();
  client.emit("registered", { nick: "helga" });
  client.emit("join", { nick: "helga", channel: "#two" });
  client.emit("kick", { kicked: "HELGA", nick: "op", channel: "#two", message: "out" });
  assert.deepEqual(kicked, ["#two by op"]);
  assert.deepEqual(irc.channels, []);
  assert.equal(irc.ready, false, "queued lines wait for the rejoin");
  let readyAgain = false;
  irc.once("ready", () => (readyAgain = true));
  await until(() => client.written.includes("JOIN #two"));
  client.emit("join", { nick: "helga", channel: "#two" });
  assert.equal(readyAgain, true);
  assert.equal(irc.ready, true);
  await irc.quit("bye");
});

test("reconnects after the connection closes, and rejoins", async () => {
  const { client, irc } = setup();
  const events: string[] = [];
  irc.on("disconnected", () => events.push("disconnected"));
  irc.on("registered", () => events.push("registered"));
  irc.start();
  client.emit("registered", { nick: "helga" });
  client.emit("join", { nick: "helga", channel: "#one" });
  client.close();
  assert.equal(irc.registered, false);
  assert.deepEqual(irc.channels, []);
  await until(() => client.connects.length === 2);
  client.close(); // a failed attempt: no second "disconnected"
  await until(() => client.connects.length === 3);
  client.emit("registered", { nick: "helga" });
  assert.deepEqual(events, ["registered", "disconnected", "registered"]);
  assert.equal(client.written.filter((line) => line === "JOIN #one,#two").length, 2);
  await irc.quit("bye");
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(client.connects.length, 3, "no reconnect after quit");
});

test("messages carry the sender's services account from tags, extended-join or account-notify", () => {
  const { client, irc } = setup();
  const seen: IncomingMessage[] = [];
  irc.on("message", (message) => seen.push(message));
  irc.start();
  client.emit("registered", { nick: "helga" });
  client.emit("privmsg", { nick: "a", ident: "ia", hostname: "ha", target: "#one", message: "tagged", account: "acctA" });
  client.emit("join", { nick: "b", channel: "#one", account: "acctB" });
  client.emit("privmsg", { nick: "B", ident: "ib", hostname: "hb", target: "#one", message: "joined" });
  client.emit("account", { nick: "b", account: false });
  client.emit("privmsg", { nick: "b", ident: "ib", hostname: "hb", target: "#one", message: "logged out" });
  client.emit("account", { nick: "c", account: "acctC" });
  client.emit("nick", { nick: "c", new_nick: "d" });
  client.emit("privmsg", { nick: "d", ident: "id", hostname: "hd", target: "helga", message: "private" });
  client.emit("privmsg", { from_server: true, target: "#one", message: "server notice" });
  assert.deepEqual(
    seen.map((m) => [m.nick, m.account, m.text, m.isPrivate]),
    [
      ["a", "acctA", "tagged", false],
      ["B", "acctB", "joined", false],
      ["b", undefined, "logged out", false],
      ["d", "acctC", "private", true],
    ],
  );
  void irc.quit("bye");
});

test("lines the library writes itself are reported for flood accounting; our own are not", async () => {
  const { client, irc } = setup();
  const unpaced: string[] = [];
  irc.on("unpacedLine", (line) => unpaced.push(line));
  const write = client.connection.write;
  client.connection.write = (line, callback) => {
    client.emit("raw", { line, from_server: false });
    return write(line, callback);
  };
  irc.start();
  client.emit("registered", { nick: "helga" });
  await irc.writeLine("PRIVMSG #one :paced");
  client.connection.write("PING 123");
  client.emit("raw", { line: ":server PING :x", from_server: true });
  assert.deepEqual(unpaced, ["JOIN #one,#two", "PING 123"]);
  await irc.quit("bye");
});

test("moves to the next server of SERVER_HOST whenever a connection fails or drops", async () => {
  const client = new FakeClient();
  const failover = loadSettings({ SERVER_HOST: "a.example:6697,b.example", SERVER_PORT: "7000" });
  const irc = new IrcConnection({ settings: failover, logger, createClient: () => client, reconnectCapMs: 20 });
  irc.start();
  client.close(); // refused before signon
  await until(() => client.connects.length === 2);
  client.emit("registered", { nick: "helga" });
  client.close(); // dropped after signon
  await until(() => client.connects.length === 3);
  assert.deepEqual(client.connects.map(({ host, port }) => `${host}:${port}`), ["a.example:6697", "b.example:7000", "a.example:6697"]);
  await irc.quit("bye");
});

test("identifies to NickServ before joining, and takes its nick back when the holder quits", async () => {
  const client = new FakeClient();
  const identity = loadSettings({ NICK: "helga", CHANNELS: "#one", NICKSERV_PASSWORD: "s3cret", NICK_RECOVERY_INTERVAL: "0" });
  const irc = new IrcConnection({ settings: identity, logger, createClient: () => client });
  const stop = keepIdentity(irc, identity, logger);
  irc.start();
  client.emit("nick in use", { nick: "helga", reason: "in use" });
  client.emit("registered", { nick: "helga_" });
  assert.deepEqual(client.written, ["PRIVMSG NickServ :IDENTIFY helga s3cret"], "channels wait for NickServ's answer");
  assert.equal(irc.ready, false);
  client.emit("notice", { nick: "NickServ", message: "You are now identified for \x02helga\x02." });
  assert.deepEqual(client.written, ["PRIVMSG NickServ :IDENTIFY helga s3cret", "JOIN #one"]);
  assert.equal(irc.ready, true);
  client.emit("quit", { nick: "someone" });
  assert.deepEqual(client.nickChanges, ["helga_"]);
  client.emit("quit", { nick: "Helga" });
  assert.deepEqual(client.nickChanges, ["helga_", "helga"]);
  client.emit("nick", { nick: "helga_", new_nick: "helga" });
  assert.equal(irc.nick, "helga");
  client.emit("quit", { nick: "helga_" });
  assert.equal(client.nickChanges.length, 2, "nothing more to reclaim");
  stop();
  await irc.quit("bye");
});
