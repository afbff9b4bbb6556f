import assert from "node:assert/strict";
import { test } from "node:test";
import { parseServerRefusal } from "../src/irc/confirmation/server-refusal.js";

test("refusal numerics name the target, the server's reason and whether a retry may help", () => {
  const cases: [string, ReturnType<typeof parseServerRefusal>][] = [
    [":irc.test 404 helga #ops :Cannot send to channel", { code: "404", name: "cannot send", target: "#ops", reason: "Cannot send to channel", permanent: false }],
    [":irc.test 474 helga #ops :Cannot join channel (+b) -- you are banned\r\n", { code: "474", name: "banned", target: "#ops", reason: "Cannot join channel (+b) -- you are banned", permanent: true }],
    ["@time=2024-01-01T00:00:00Z :irc.test 401 helga nobody :No such nick or channel name", { code: "401", name: "no such nick", target: "nobody", reason: "No such nick or channel name", permanent: true }],
    [":irc.test 482 helga #ops", { code: "482", name: "not channel operator", target: "#ops", reason: "not channel operator", permanent: true }],
    [":irc.test 001 helga :Welcome", undefined],
    [":irc.test 353 helga = #ops :helga @op", undefined],
    [":someone!u@h PRIVMSG #ops :404 helga #ops :fake", undefined],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseServerRefusal(line), expected, line);
});
