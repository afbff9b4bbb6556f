import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinLimits, joinLines } from "../src/irc/channels/join-lines.js";

describe("joinLines", () => {
  it("puts keyed channels first so each key pairs with its channel", () => {
    assert.deepEqual(joinLines([{ name: "#a" }, { name: "#b", key: "kb" }, { name: "#c", key: "kc" }]), ["JOIN #b,#c,#a kb,kc"]);
  });

  it("keeps within the server's channels per JOIN and the line length", () => {
    const channels = Array.from({ length: 45 }, (_, i) => ({ name: `#channel-number-${i}` }));
    const lines = joinLines(channels, { channels: 20, bytes: 200 });
    assert.ok(lines.every((line) => line.split(" ")[1]!.split(",").length <= 20 && Buffer.byteLength(line) <= 200));
    assert.deepEqual(lines.flatMap((line) => line.split(" ")[1]!.split(",")), channels.map((channel) => channel.name));
  });
});

describe("joinLimits", () => {
  it("reads TARGMAX's JOIN, else MAXTARGETS, and LINELEN", () => {
    assert.deepEqual(joinLimits({ CHANTYPES: "#", TARGMAX: "PRIVMSG:4,JOIN:5", MAXTARGETS: "20" }), { channels: 5, bytes: 400 });
    assert.deepEqual(joinLimits({ CHANTYPES: "#", MAXTARGETS: "20", LINELEN: "300" }), { channels: 20, bytes: 298 });
    assert.deepEqual(joinLimits({ CHANTYPES: "#", TARGMAX: "JOIN:" }), { channels: Infinity, bytes: 400 });
  });

  it("joins 10 channels a line until the server's ISUPPORT is known", () => {
    assert.equal(joinLimits({ CASEMAPPING: "rfc1459" }).channels, 10);
  });
});
