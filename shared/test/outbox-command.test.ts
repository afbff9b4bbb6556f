import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeOutboxCommand, encodeOutboxCommand, outboxCommandSchema } from "../src/index.js";

const base = { op: "msg", target: "#chan", text: "hello", requestId: "req-1", queuedAt: 1_700_000_000_000 };

/** Inputs near every check of the message ops' fast path, valid and not. */
const CASES: ReadonlyArray<readonly [string, unknown]> = [
  ["a message", base],
  ["/me", { ...base, op: "me" }],
  ["a notice to a nick", { ...base, op: "notice", target: "someone" }],
  ["with its webhook", { ...base, webhook: "github" }],
  ["unknown keys", { ...base, extra: 1, __proto__: { inherited: true } }],
  ["keys in another order", { queuedAt: 5, requestId: "r", text: "t", target: "#c", op: "msg" }],
  ["an empty text", { ...base, text: "" }],
  ["a join (not on the fast path)", { op: "join", channel: "#c", requestId: "r", queuedAt: 1 }],
  ["a leave with a reason", { op: "leave", channel: "#c", reason: "bye", requestId: "r", queuedAt: 1 }],
  ["no op", { ...base, op: undefined }],
  ["an unknown op", { ...base, op: "kick" }],
  ["a target with a space", { ...base, target: "#a b" }],
  ["a target with CR LF", { ...base, target: "#a\r\nQUIT" }],
  ["a numeric target", { ...base, target: 5 }],
  ["no text", { ...base, text: undefined }],
  ["text not a string", { ...base, text: ["a"] }],
  ["an empty request id", { ...base, requestId: "" }],
  ["a request id of 200", { ...base, requestId: "x".repeat(200) }],
  ["a request id of 201", { ...base, requestId: "x".repeat(201) }],
  ["queuedAt 0", { ...base, queuedAt: 0 }],
  ["queuedAt -0", { ...base, queuedAt: -0 }],
  ["queuedAt negative", { ...base, queuedAt: -1 }],
  ["queuedAt fractional", { ...base, queuedAt: 1.5 }],
  ["queuedAt past 2^53", { ...base, queuedAt: 2 ** 53 }],
  ["queuedAt a string", { ...base, queuedAt: "1" }],
  ["a webhook of 201", { ...base, webhook: "w".repeat(201) }],
  ["a webhook not a string", { ...base, webhook: 1 }],
  ["null", null],
  ["an array", [base]],
  ["a string", "msg"],
];

/** zod's own verdict, as the fast path must give it: the output, or that it threw. */
function zodVerdict(input: unknown): string {
  const result = outboxCommandSchema.safeParse(input);
  return result.success ? JSON.stringify(result.data) : "invalid";
}

function verdict(parse: () => unknown): string {
  try {
    return JSON.stringify(parse());
  } catch {
    return "invalid";
  }
}

describe("outbox commands: the message ops' fast path answers exactly as the schema", () => {
  for (const [name, input] of CASES) {
    it(name, () => {
      const expected = zodVerdict(input);
      assert.equal(verdict(() => decodeOutboxCommand(JSON.stringify(input) ?? "")), zodVerdict(JSON.parse(JSON.stringify(input) ?? "null")));
      assert.equal(verdict(() => JSON.parse(encodeOutboxCommand(input as never)) as unknown), expected);
    });
  }

  it("names the bad field, as zod words it", () => {
    assert.throws(() => decodeOutboxCommand(JSON.stringify({ ...base, target: "#a b" })), /not a valid IRC channel or nick/);
  });
});
