import assert from "node:assert/strict";
import { test } from "node:test";
import { InputRefusal } from "../../src/inputs/input-refusal.js";
import { irccatFormatting } from "../../src/inputs/irccat/irccat-formatting.js";
import { parseIrccatLine } from "../../src/inputs/irccat/parse-irccat-line.js";

test("irccat lines: targets and text as irccat reads them", () => {
  const cases: Array<[string, ReturnType<typeof parseIrccatLine>]> = [
    ["deploy done", { to: { kind: "default" }, text: "deploy done" }],
    ["#ops deploy done", { to: { kind: "list", targets: ["#ops"] }, text: "deploy done" }],
    ["#a,#b two channels", { to: { kind: "list", targets: ["#a", "#b"] }, text: "two channels" }],
    ["@alice hi", { to: { kind: "list", targets: ["alice"] }, text: "hi" }],
    ["#ops,@alice both", { to: { kind: "list", targets: ["#ops", "alice"] }, text: "both" }],
    ["#* everyone", { to: { kind: "all" }, text: "everyone" }],
    ["#ops  two spaces", { to: { kind: "list", targets: ["#ops"] }, text: " two spaces" }],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseIrccatLine(line), expected, line);
});

test("irccat lines without text, with empty targets or %TOPIC are refused", () => {
  for (const line of ["#ops", "#ops   ", "#a,,#b text", "@ text", "%TOPIC #ops new topic"]) {
    assert.throws(() => parseIrccatLine(line), (error) => error instanceof InputRefusal && error.reason === "malformed", line);
  }
});

test("irccat's formatting tokens become IRC codes; other per-cent text stays", () => {
  const cases: Array<[string, string]> = [
    ["%BOLDbuild%NORMAL ok", "\x02build\x0f ok"],
    ["%BOLD%build%NORMAL% ok", "\x02build\x0f ok"],
    ["Status is%GREEN OK %NORMAL", "Status is\x0309 OK \x0f"],
    ["%RED%failed%NORMAL%", "\x0304failed\x0f"],
    ["%DGREEN%x %DGRAY%y %UNDERLINE%z %REVERSE%w", "\x0303x \x0314y \x1fz \x16w"],
    ["100% done, %bold stays", "100% done, %bold stays"],
  ];
  for (const [input, expected] of cases) assert.equal(irccatFormatting(input), expected, input);
});
