import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, loadSettings } from "@helga/shared";
import { IrcConnection } from "../src/irc/irc-connection.js";
import { keepIdentity } from "../src/irc/registration/keep-identity.js";
import { FakeClient } from "./fake-irc-client.js";

/** Keeps what the connection logs, to check the one line an operator reads. */
function recordingLogger() {
  const lines: Array<{ level: string; msg: string; obj: Record<string, unknown> }> = [];
  const logger = createLogger("test", "silent");
  for (const level of ["info", "warn", "error"] as const) {
    const original = logger[level].bind(logger);
    logger[level] = ((obj: Record<string, unknown>, msg?: string) => {
      lines.push({ level, msg: msg ?? String(obj), obj: typeof obj === "object" ? obj : {} });
      original(obj as never, msg as never);
    }) as never;
  }
  return { logger, lines };
}

const until = async (check: () => boolean, timeoutMs = 1_000) => {
  for (let i = 0; i < timeoutMs / 5 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), "condition never became true");
};

function setup(env: Record<string, string>, loginRetryMs = 40) {
  const client = new FakeClient();
  const { logger, lines } = recordingLogger();
  const settings = loadSettings({ NICK: "helga", CHANNELS: "#one", NICK_RECOVERY_INTERVAL: "0", ...env });
  const irc = new IrcConnection({ settings, logger, createClient: () => client, reconnectCapMs: 5, loginRetryMs });
  const failures: string[] = [];
  irc.on("loginFailed", (method, problem) => failures.push(`${method}: ${problem}`));
  return { client, irc, lines, failures, settings, logger };
}

test("SASL refused (904): one error naming SASL and the account, the connection ends, the retry waits the login backoff", async () => {
  const { client, irc, lines, failures } = setup({ SASL_USERNAME: "acct", SASL_PASSWORD: "wrong" });
  irc.start();
  assert.equal(client.connects[0]?.sasl_mechanism, "PLAIN");
  client.emit("sasl failed", { reason: "fail", message: "SASL authentication failed" });
  assert.deepEqual(client.quits, ["SASL failed"]);
  assert.deepEqual(failures, ["sasl: SASL failed for account acct (PLAIN): SASL authentication failed"]);
  const errors = lines.filter((line) => line.level === "error");
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.msg ?? "", /SASL .* account acct/);
  assert.ok(!JSON.stringify(lines).includes("wrong"), "the password is never logged");
  assert.match(irc.loginProblem ?? "", /SASL failed for account acct/);
  const retry = lines.find((line) => line.msg === "irc reconnecting");
  assert.ok(Number(retry?.obj.delayMs) >= 40, `waited ${String(retry?.obj.delayMs)} ms, not the short reconnect delay`);
  await until(() => client.connects.length === 2);
  client.emit("loggedin", { nick: "helga", account: "acct" });
  client.emit("registered", { nick: "helga" });
  assert.equal(irc.ready, true);
  assert.equal(irc.loginProblem, undefined, "a login clears the problem");
  assert.deepEqual(client.written, ["JOIN #one"]);
  await irc.quit("bye");
});

test("the login backoff doubles per refusal, never below the first step", async () => {
  const { client, irc, lines } = setup({ SASL_USERNAME: "acct", SASL_PASSWORD: "wrong" }, 20);
  irc.start();
  for (let refusal = 1; refusal <= 3; refusal++) {
    client.emit("sasl failed", { reason: "fail", message: "SASL authentication failed" });
    await until(() => client.connects.length === refusal + 1);
  }
  const delays = lines.filter((line) => line.msg === "irc reconnecting").map((line) => Number(line.obj.delayMs));
  assert.deepEqual(delays, [20, 40, 80]);
  await irc.quit("bye");
});

test("SASL_REQUIRED: a server that welcomes us without any SASL outcome is left, not used unauthenticated", async () => {
  const { client, irc, failures } = setup({ SASL_USERNAME: "acct", SASL_PASSWORD: "pw" });
  irc.start();
  client.emit("registered", { nick: "helga" });
  assert.deepEqual(client.written, [], "no JOIN");
  assert.equal(irc.ready, false);
  assert.match(failures[0] ?? "", /signed us on without a SASL login/);
  assert.deepEqual(client.quits, ["SASL failed"]);
  await irc.quit("bye");
});

test("SASL_REQUIRED=false: a refused SASL login is reported but the bot signs on and joins", async () => {
  const { client, irc, failures } = setup({ SASL_USERNAME: "acct", SASL_PASSWORD: "wrong", SASL_REQUIRED: "false" });
  irc.start();
  client.emit("sasl failed", { reason: "fail", message: "SASL authentication failed" });
  assert.deepEqual(client.quits, []);
  client.emit("registered", { nick: "helga" });
  assert.deepEqual(client.written, ["JOIN #one"]);
  assert.equal(failures.length, 1);
  assert.match(irc.loginProblem ?? "", /SASL/);
  await irc.quit("bye");
});

test("EXTERNAL hands irc-framework the mechanism and the client certificate", async () => {
  const cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  const key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
  const { client, irc } = setup({ SERVER_SSL: "true", SASL_MECHANISM: "EXTERNAL", SERVER_TLS_CERT: cert, SERVER_TLS_KEY: key });
  irc.start();
  assert.equal(client.connects[0]?.sasl_mechanism, "EXTERNAL");
  assert.deepEqual(client.connects[0]?.client_certificate, { certificate: cert, private_key: key });
  await irc.quit("bye");
});

test("NickServ refuses IDENTIFY: one error quoting its reply, no JOIN, the connection ends", async () => {
  const { client, irc, lines, failures } = setup({ NICKSERV_PASSWORD: "wrong" });
  irc.start();
  client.emit("registered", { nick: "helga" });
  client.emit("notice", { nick: "NickServ", message: "Invalid password for \x02helga\x02." });
  assert.deepEqual(client.written, ["PRIVMSG NickServ :IDENTIFY helga wrong"]);
  assert.deepEqual(failures, ['nickserv: NickServ IDENTIFY failed for account helga: "Invalid password for helga."']);
  assert.equal(lines.filter((line) => line.level === "error").length, 1);
  assert.deepEqual(client.quits, ["NickServ login failed"]);
  await irc.quit("bye");
});

test("NickServ silent: joins after the answer timeout with a warning", { timeout: 15_000 }, async () => {
  const { client, irc, lines } = setup({ NICKSERV_PASSWORD: "pw" });
  irc.start();
  client.emit("registered", { nick: "helga" });
  assert.deepEqual(client.written, ["PRIVMSG NickServ :IDENTIFY helga pw"]);
  await until(() => client.written.includes("JOIN #one"), 12_000);
  assert.ok(lines.some((line) => line.level === "warn" && /did not answer IDENTIFY/.test(line.msg)));
  await irc.quit("bye");
});

test("no NickServ on the server (401): joins at once with a warning", async () => {
  const { client, irc, lines } = setup({ NICKSERV_PASSWORD: "pw" });
  irc.start();
  client.emit("registered", { nick: "helga" });
  client.emit("irc error", { error: "no_such_nick", nick: "NickServ", reason: "No such nick or channel name" });
  assert.deepEqual(client.written, ["PRIVMSG NickServ :IDENTIFY helga pw", "JOIN #one"]);
  assert.ok(lines.some((line) => line.level === "warn" && /no NickServ on this server/.test(line.msg)));
  await irc.quit("bye");
});

test("nick recovery stops at a nick services reserve, logs it once, and resumes after a login", async () => {
  const { client, irc, lines, settings, logger } = setup({});
  const stop = keepIdentity(irc, settings, logger);
  irc.start();
  client.emit("nick in use", { nick: "helga", reason: "Nickname is already in use" });
  client.emit("registered", { nick: "helga_" });
  client.emit("quit", { nick: "helga" });
  assert.deepEqual(client.nickChanges, ["helga_", "helga"]);
  for (let i = 0; i < 3; i++) {
    client.emit("nick in use", { nick: "helga", reason: "Services reserved nickname: Held for a registered user" });
    client.emit("quit", { nick: "helga" });
  }
  assert.deepEqual(client.nickChanges, ["helga_", "helga"], "no more attempts while reserved");
  assert.equal(lines.filter((line) => /reserved by services/.test(line.msg)).length, 1, "logged once");
  client.emit("loggedin", { nick: "helga_", account: "helga" });
  client.emit("quit", { nick: "helga" });
  assert.deepEqual(client.nickChanges, ["helga_", "helga", "helga"]);
  stop();
  await irc.quit("bye");
});
