import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freePort, IrcObserver, metricValue, Stack, startNgircd, tcpSend, waitUntil, type Gateway, type IrcServer } from "../harness/index.js";

const run = promisify(execFile);
/** irk and irkerhook send to localhost:6659 and nowhere else, so this file (and only this one) binds it. */
const IRKER_PORT = 6659;
const HOST = "irc.test.example";
/** The second network's host in irker URLs: IRKER_NETWORKS maps it to the bot started with NETWORK=oftc. */
const OFTC_HOST = "irc.oftc.example";
const IRK = "/usr/bin/irk";

describe("irker senders: irk and irkerhook-git reach IRC through the gateway's irker input", () => {
  const stack = new Stack({ ircd: "inspircd-nofakelag" });
  let gateway: Gateway;
  let outsider: IrcObserver;
  let oftcIrcd: IrcServer;
  let oftcObserver: IrcObserver;
  const work = mkdtempSync(join(tmpdir(), "helga-irker-"));
  const metrics = () => `http://127.0.0.1:${gateway.adminPort}/metrics`;
  const irk = (url: string, text: string) => run(IRK, [url, text], { timeout: 10_000 });

  before(async () => {
    await assertPortFree(IRKER_PORT);
    await stack.start(0);
    oftcIrcd = await startNgircd();
    oftcObserver = new IrcObserver(stack.observerNick, oftcIrcd.host, oftcIrcd.port);
    await oftcObserver.connect([stack.channel]);
    await stack.startBot({ NETWORK: "oftc", SERVER_HOST: oftcIrcd.host, SERVER_PORT: String(oftcIrcd.port) });
    gateway = await stack.startGateway({ IRKER_PORT: String(IRKER_PORT), IRKER_NETWORKS: `${HOST}=default,${OFTC_HOST}=oftc` });
    await gateway.waitForLog(`irker input listening on UDP port ${IRKER_PORT}`);
    outsider = new IrcObserver("outsider", stack.ircd.host, stack.ircd.port);
    await outsider.connect(["#secret"]);
  });
  after(async () => {
    outsider?.close();
    oftcObserver?.close();
    await stack.stop();
    await oftcIrcd?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("says what `irk irc://host/#chan text` sends", async () => {
    await irk(`irc://${HOST}/#helga-test`, "hello from irk");
    await stack.observer.waitForMessage(stack.channel, "hello from irk");
  });

  it("picks the network by the URL's host: each network's channel gets its own lines", async () => {
    await irk(`irc://${OFTC_HOST}/#helga-test`, "only on oftc");
    await tcpSend(IRKER_PORT, JSON.stringify({ to: [`irc://${HOST}/#helga-test`, `ircs://${OFTC_HOST}:6697/#helga-test`], privmsg: "on both networks" }) + "\n");
    await oftcObserver.waitForMessage(stack.channel, "on both networks");
    await stack.observer.waitForMessage(stack.channel, "on both networks");
    assert.deepEqual(oftcObserver.messages(stack.channel), ["only on oftc", "on both networks"]);
    assert.ok(!stack.observer.messages(stack.channel).includes("only on oftc"));
  });

  it("turns 100 irk messages into 100 lines", async (t) => {
    const started = performance.now();
    const numbers = Array.from({ length: 100 }, (_, i) => i);
    // Four irk processes at a time: each is a Python start-up, one connection and one object.
    for (let i = 0; i < numbers.length; i += 4) await Promise.all(numbers.slice(i, i + 4).map((n) => irk(`irc://${HOST}/helga-test`, `irk message ${n}`)));
    const sent = performance.now();
    const seen = await waitUntil("100 irk lines in the channel", () => {
      const lines = new Set(stack.observer.messages(stack.channel).filter((line) => /^irk message \d+$/.test(line)));
      return lines.size >= 100 ? lines : undefined;
    }, 60_000);
    const done = performance.now();
    assert.equal(seen.size, 100);
    assert.equal(stack.observer.messages(stack.channel).filter((line) => /^irk message \d+$/.test(line)).length, 100, "no line twice");
    t.diagnostic(`100 irk messages -> ${seen.size} lines; all irk runs ${Math.round(sent - started)} ms, last line ${Math.round(done - started)} ms after the first irk`);
  });

  it("announces a commit from a real git push whose post-receive hook runs irkerhook-git (UDP, its default)", async (t) => {
    const closedPort = await freePort(); // irkerhook probes the commit's web view; nothing answers there
    const bare = join(work, "helga-demo.git");
    const clone = join(work, "clone");
    const git = (cwd: string, ...args: string[]) =>
      run("git", args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: "Ada Tester", GIT_AUTHOR_EMAIL: "ada@example.org", GIT_COMMITTER_NAME: "Ada Tester", GIT_COMMITTER_EMAIL: "ada@example.org" } });
    await git(work, "init", "--bare", "--initial-branch=main", bare);
    await git(bare, "config", "irker.project", "helga-demo");
    await git(bare, "config", "irker.channels", `irc://${HOST}/#helga-test`);
    await git(bare, "config", "irker.urlprefix", `http://127.0.0.1:${closedPort}/%(repo)s/commit/`);
    writeFileSync(join(bare, "hooks", "post-receive"), "#!/bin/sh\nexec irkerhook-git\n");
    chmodSync(join(bare, "hooks", "post-receive"), 0o755);
    await git(work, "clone", "--quiet", bare, clone);
    await git(clone, "checkout", "--quiet", "-b", "main");
    writeFileSync(join(clone, "notes.txt"), "first\n");
    await git(clone, "add", "notes.txt");
    await git(clone, "commit", "--quiet", "-m", "Start the notes");
    await git(clone, "push", "--quiet", "origin", "main");
    // A root commit lists no files (irkerhook reads them from git diff-tree).
    await stack.observer.waitForMessage(stack.channel, /^helga-demo: Ada Tester helga-demo:main \* [0-9a-f]{7,} \/ : Start the notes/);

    writeFileSync(join(clone, "notes.txt"), "first\nsecond\n");
    await git(clone, "commit", "--quiet", "-am", "Add the second note");
    const sha = (await git(clone, "rev-parse", "--short", "HEAD")).stdout.trim();
    const pushed = performance.now();
    await git(clone, "push", "--quiet", "origin", "main");
    const line = await stack.observer.waitForMessage(stack.channel, /Add the second note/);
    const ms = Math.round(performance.now() - pushed);
    assert.match(line, new RegExp(`^helga-demo: Ada Tester helga-demo:main \\* ${sha} / notes\\.txt: Add the second note`));
    assert.ok((await metricValue(metrics(), "helga_gateway_http_requests_total", { webhook: "irker", method: "UDP", status: "202" })) >= 2);
    t.diagnostic(`git push -> line in the channel: ${ms} ms`);
  });

  it("joins a keyed channel with the URL's ?key= and speaks there", async () => {
    await stack.observer.join("#keyed");
    stack.observer.send("MODE #keyed +k sesame");
    await waitUntil("the key to be set", () => stack.observer.lines.some((l) => l.command === "MODE" && l.params[0] === "#keyed" && l.params[1] === "+k"));
    await irk(`irc://${HOST}/#keyed?key=sesame`, "keyed hello");
    await stack.observer.waitForMessage("#keyed", "keyed hello");
  });

  it("reads JSON objects back to back on one connection, sends to several targets, and keeps injected lines as text", async () => {
    await stack.observer.join("#more");
    const objects = [
      { to: [`irc://${HOST}/#helga-test`, `ircs://${HOST}:6697/more`], privmsg: "to two targets" },
      { to: `irc://${HOST}/#helga-test`, privmsg: "line one\r\nPRIVMSG #secret :owned\u0000" },
    ];
    assert.equal(await tcpSend(IRKER_PORT, objects.map((o) => JSON.stringify(o)).join("")), "");
    await stack.observer.waitForMessage("#more", "to two targets");
    await stack.observer.waitForMessage(stack.channel, "PRIVMSG #secret :owned");
    const lines = stack.observer.messages(stack.channel);
    assert.deepEqual(lines.slice(lines.indexOf("to two targets")), ["to two targets", "line one", "PRIVMSG #secret :owned"]);
    assert.deepEqual(outsider.messages("#secret"), []);
  });

  it("refuses an unknown server with a log line naming it and the known ones, and an oversize object", async () => {
    await irk("irc://irc.elsewhere.example/#helga-test", "must not appear");
    await gateway.waitForLog('irker: not sent: irker URL host "irc.elsewhere.example" is not in IRKER_NETWORKS (known: irc.oftc.example, irc.test.example)');
    const reply = await tcpSend(IRKER_PORT, JSON.stringify({ to: `irc://${HOST}/#helga-test`, privmsg: "y".repeat(5000) }), { end: false });
    assert.equal(reply, "error: message longer than 4096 bytes; nothing of it was sent; closing\n");
    await irk(`irc://${HOST}/#helga-test`, "marker after the refusals");
    await stack.observer.waitForMessage(stack.channel, "marker after the refusals");
    assert.ok(!stack.observer.messages(stack.channel).some((line) => line === "must not appear" || line.includes("yyyy")));
    assert.equal(await metricValue(metrics(), "helga_gateway_input_refusals_total", { webhook: "irker", reason: "unknown_network" }), 1);
    assert.equal(await metricValue(metrics(), "helga_gateway_input_refusals_total", { webhook: "irker", reason: "oversize" }), 1);
  });

  it("while webhooks are stopped refuses TCP connections and drops UDP datagrams (counted)", async () => {
    stack.observer.say(stack.channel, "!webhooks stop");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service stopped");
    await waitUntil("the irker TCP port to refuse connections", () => tcpSend(IRKER_PORT, "").then(() => false, (error: NodeJS.ErrnoException) => error.code === "ECONNREFUSED"));
    await sendDatagram(IRKER_PORT, JSON.stringify({ to: `irc://${HOST}/#helga-test`, privmsg: "sent while stopped" }));
    await waitUntil("the dropped datagram to be counted", async () => (await metricValue(metrics(), "helga_gateway_input_refusals_total", { webhook: "irker", reason: "stopped" })) === 1);
    await gateway.waitForLog("irker: refused: webhooks are stopped; datagram dropped");
    stack.observer.say(stack.channel, "!webhooks start");
    await stack.observer.waitForMessage(stack.channel, "Webhooks service started");
    await waitUntil("irk to get through again", () => irk(`irc://${HOST}/#helga-test`, "back after start").then(() => true, () => false));
    await stack.observer.waitForMessage(stack.channel, "back after start");
    assert.ok(!stack.observer.messages(stack.channel).includes("sent while stopped"));
  });
});

/** Fails with a clear message when 6659 is taken (an irkerd, or another test run) on TCP or UDP. */
async function assertPortFree(port: number): Promise<void> {
  const busy = `127.0.0.1:${port} is in use (an irkerd, or another run of this test?): irk and irkerhook send only to localhost:${port}, so this test needs it free`;
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () => reject(new Error(`${busy} (TCP)`)));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", () => reject(new Error(`${busy} (UDP)`)));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve()));
  });
}

function sendDatagram(port: number, text: string): Promise<void> {
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) => socket.send(text, port, "127.0.0.1", (error) => (socket.close(), error ? reject(error) : resolve())));
}
