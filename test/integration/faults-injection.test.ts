import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IrcByteTap, IrcObserver, post, Stack } from "../harness/index.js";

/** POST /send with JSON {target, text} → client.msg(target, text): both come from the sender. */
const SEND_WEBHOOK = String.raw`
import { route } from "@helga/gateway";

export const send = route("/send$", { methods: ["POST"] }, async (request, client) => {
  const body = (request.body ?? {}) as { target?: unknown; text?: unknown };
  await client.msg(String(body.target ?? ""), String(body.text ?? ""));
  return "sent";
});
`;

const CHANNEL = "#helga-test";
const OTHER = "#other";
const SIDE = "#x";

/** 5,000 code points of 1- to 4-byte characters, no spaces: must come back byte for byte. */
const LONG_DENSE = "aé☃😀字".repeat(1000);
/** About 5,000 characters of words in several scripts: a splitter may cut at the spaces. */
const LONG_WORDS = Array.from({ length: 420 }, (_, i) => ["naïve", "café", "☃", "😀👍🏽", "漢字", `w${i}`][i % 6]).join(" ").repeat(2).slice(0, 5000);

interface TextCase {
  readonly name: string;
  readonly text: string;
  /** Exactly these messages, in order; without it the joined messages must equal the text minus CR, LF, NUL and spaces. */
  readonly lines?: readonly string[];
}

const TEXTS: readonly TextCase[] = [
  { name: "LF", text: "one\ntwo", lines: ["one", "two"] },
  { name: "CRLF", text: "one\r\ntwo\r\nthree", lines: ["one", "two", "three"] },
  { name: "lone CR", text: "carriage\rreturn" },
  { name: "NUL", text: "nul\0byte" },
  { name: "CRLF QUIT", text: "hello\r\nQUIT :x", lines: ["hello", "QUIT :x"] },
  { name: "leading CRLF QUIT", text: "\r\nQUIT :x", lines: ["QUIT :x"] },
  { name: "LF PRIVMSG to another channel", text: "hi\nPRIVMSG #other :x", lines: ["hi", "PRIVMSG #other :x"] },
  { name: "LF JOIN", text: "\nJOIN #x", lines: ["JOIN #x"] },
  { name: "CR NUL LF mix", text: "a\r\0\nb\0\r\nQUIT :y" },
  { name: "long dense line", text: LONG_DENSE },
  { name: "long line of words", text: LONG_WORDS },
  { name: "lone surrogates", text: "lone \ud800 high \udc00 low \ud83d" },
];

const BAD_TARGETS: readonly string[] = [`${CHANNEL},${OTHER}`, "nick QUIT", `${CHANNEL}\r\nJOIN ${SIDE}`, "", "#", "a b", `${CHANNEL}\0`, `${OTHER}\nQUIT`];

/** Text compared leniently: without CR, LF, NUL and whitespace; lone surrogates may become U+FFFD or vanish. */
const squash = (text: string) => text.replace(/[\s\0]/g, "").replace(/\uFFFD/g, "");
const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");

describe("injection through HTTP → gateway → bot → IRC", () => {
  const stack = new Stack({ webhooks: { "send.ts": SEND_WEBHOOK }, channel: CHANNEL });
  let other: IrcObserver;
  let tap: IrcByteTap;
  let url = "";
  let firstLine = 0;
  before(async () => {
    await stack.start(1);
    other = new IrcObserver("bystander", stack.ircd.host, stack.ircd.port);
    await other.connect([OTHER, SIDE]);
    tap = new IrcByteTap("bytetap", stack.ircd.host, stack.ircd.port);
    await tap.connect([CHANNEL]);
    url = `${stack.gateways[0]!.url}/send`;
    firstLine = stack.observer.lines.length;
  });
  after(() => {
    other?.close();
    tap?.close();
    return stack.stop();
  });

  it("refuses bad targets with a 400 that names the problem, and sends nothing", async () => {
    for (const [i, target] of BAD_TARGETS.entries()) {
      const response = await post(url, { target, text: `bad target ${i}` });
      assert.equal(response.status, 400, `target ${JSON.stringify(target)}: ${response.status} ${response.text}`);
      assert.match(response.text, /target/i, `the 400 for ${JSON.stringify(target)} says what is wrong: ${response.text}`);
    }
  });

  it("turns CR, LF and NUL into separate messages or nothing; long lines split and reassemble", { timeout: 180_000 }, async (t) => {
    for (const [i, { name, text }] of TEXTS.entries()) {
      const response = await post(url, { target: CHANNEL, text });
      assert.equal(response.status, 200, `${name}: ${response.text}`);
      assert.equal((await post(url, { target: CHANNEL, text: `end ${i}` })).status, 200);
    }
    await stack.observer.waitForMessage(CHANNEL, `end ${TEXTS.length - 1}`, 150_000);

    const messages = stack.observer.messages(CHANNEL);
    let from = 0;
    for (const [i, { name, text, lines }] of TEXTS.entries()) {
      const end = messages.indexOf(`end ${i}`, from);
      assert.ok(end >= 0, `marker after ${name} arrived`);
      const got = messages.slice(from, end);
      from = end + 1;
      for (const line of got) assert.doesNotMatch(line, /[\r\n\0]/, `${name}: no CR, LF or NUL reaches the channel`);
      if (lines) assert.deepEqual(got, lines, `${name}: one message per line`);
      else assert.equal(squash(got.join("")), squash(wellFormed(text)), `${name}: the text arrives whole`);
      if (text === LONG_DENSE) assert.equal(got.join(""), LONG_DENSE, "a long line without spaces reassembles byte for byte");
      if (text.length >= 5000) {
        assert.ok(got.length > 1, `${name} is split into several messages`);
        t.diagnostic(`${name}: ${text.length} UTF-16 units, ${Buffer.byteLength(text)} bytes → ${got.length} messages`);
      }
    }
  });

  it("passes invalid UTF-8 in a body on as valid UTF-8, or refuses it", async () => {
    const body = Buffer.concat([Buffer.from(`{"target":"${CHANNEL}","text":"bad `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(` bytes"}`)]);
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.ok([200, 400].includes(response.status), `invalid UTF-8: ${response.status} ${await response.text()}`);
    if (response.status === 200) await stack.observer.waitForMessage(CHANNEL, /^bad .* bytes$/);
  });

  it("no line from the bot other than PRIVMSG to the channel; nothing anywhere else", async () => {
    const fromBot = stack.observer.lines.slice(firstLine).filter((line) => line.from === "helgabot");
    const stray = fromBot.filter((line) => line.command !== "PRIVMSG" || line.params[0] !== CHANNEL);
    assert.deepEqual(stray.map((line) => line.raw), [], "the bot only speaks in the channel");
    assert.deepEqual(other.lines.filter((line) => line.from === "helgabot").map((line) => line.raw), [], `nothing reaches ${OTHER} or ${SIDE}`);
    const names = await other.names(SIDE);
    assert.ok(!names.includes("helgabot"), `the bot did not join ${SIDE}`);
    assert.deepEqual(stack.observer.messages(CHANNEL).filter((text) => text.startsWith("bad target")), [], "bad-target texts went nowhere");
  });

  it("every relayed line fits in 512 bytes and is valid UTF-8", (t) => {
    t.diagnostic(`longest relayed line: ${Math.max(...tap.lines.map((line) => line.length + 2))} bytes`);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const tooLong = tap.lines.filter((line) => line.length + 2 > 512).map((line) => `${line.length + 2} bytes: ${line.subarray(0, 60).toString("utf8")}…`);
    assert.deepEqual(tooLong, []);
    const invalid = tap.lines.filter((line) => {
      try {
        decoder.decode(line);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(invalid.map((line) => line.toString("hex").slice(0, 120)), [], "invalid UTF-8 on the wire");
    assert.ok(tap.lines.filter((line) => line.includes(" PRIVMSG ")).length > TEXTS.length, "the tap saw the messages");
  });
});
