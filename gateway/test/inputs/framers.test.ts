import assert from "node:assert/strict";
import { test } from "node:test";
import { FrameTooLong, MalformedFrame } from "../../src/inputs/framer.js";
import { jsonObjectFramer } from "../../src/inputs/irker/json-object-framer.js";
import { lineFramer } from "../../src/inputs/line-framer.js";

const bytes = (text: string) => Buffer.from(text);

test("lines: LF or CRLF, split across chunks, blank lines skipped, the last line at the end", () => {
  const framer = lineFramer();
  assert.deepEqual(framer.push(bytes("#a one\r\n\n#b tw")), ["#a one"]);
  assert.deepEqual(framer.push(bytes("o\n#c thr")), ["#b two"]);
  assert.deepEqual(framer.end(), ["#c thr"]);
});

test("a line over the limit throws, keeping the whole lines before it", () => {
  const framer = lineFramer(10);
  assert.throws(
    () => framer.push(bytes(`ok\n${"x".repeat(11)}\n`)),
    (error) => error instanceof FrameTooLong && error.before.join() === "ok",
  );
  assert.throws(() => lineFramer(10).push(bytes("y".repeat(11))), FrameTooLong, "an unfinished line counts too");
});

test("JSON objects back to back, newline separated, split anywhere, braces in strings ignored", () => {
  const a = '{"to": "irc://h/#a", "privmsg": "x } { \\" y"}';
  const b = '{"to": ["irc://h/#b"], "privmsg": "ü"}';
  const stream = bytes(`${a}${b}\n ${a}\n`);
  const framer = jsonObjectFramer();
  const out: string[] = [];
  for (let i = 0; i < stream.length; i += 7) out.push(...framer.push(stream.subarray(i, i + 7)));
  out.push(...framer.end());
  assert.deepEqual(out, [a, b, a]);
});

test("JSON framing refuses what is not an object, an object cut off, and an object over the limit", () => {
  assert.throws(() => jsonObjectFramer().push(bytes("hello")), MalformedFrame);
  const cut = jsonObjectFramer();
  cut.push(bytes('{"to": "'));
  assert.throws(() => cut.end(), MalformedFrame);
  assert.throws(() => jsonObjectFramer(16).push(bytes(`{"privmsg": "${"x".repeat(20)}"}`)), FrameTooLong);
});
