import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import { EchoConfirmation } from "../src/irc/confirmation/echo-confirmation.js";
import { NotConnectedError } from "../src/irc/not-connected-error.js";

/** A connection that registered as session 1 after the server ACKed `caps`. */
function connection(caps: string) {
  const irc = Object.assign(new EventEmitter(), { session: 0, dropped: [] as string[], dropDead(reason: string) { this.dropped.push(reason); } });
  const fences: number[] = [];
  const echo = new EchoConfirmation({ irc, fence: { fence: async (session) => (fences.push(session), []) }, timeoutMs: 1_000 });
  irc.emit("serverLine", ":irc.test CAP * LS :batch echo-message labeled-response server-time");
  irc.emit("serverLine", `@time=2026-01-01T00:00:00Z :irc.test CAP helga ACK :${caps}`);
  irc.session = 1;
  irc.emit("registered");
  return { irc, echo, fences, server: (line: string) => irc.emit("serverLine", line) };
}

describe("EchoConfirmation", () => {
  it("labels each line and settles a batch once every label is answered, naming the refused entry", async () => {
    const { echo, server, fences } = connection("echo-message labeled-response batch");
    assert.deepEqual(echo.label(["PRIVMSG #c :one"], "1-0", 1), ["@label=h1 PRIVMSG #c :one"]);
    assert.deepEqual(echo.label(["PRIVMSG #c :two", "PRIVMSG #c :three"], "2-0", 1), ["@label=h2 PRIVMSG #c :two", "@label=h3 PRIVMSG #c :three"]);
    server("@label=h1;time=x :helga!h@host PRIVMSG #c :one"); // answered before confirm() is asked
    const confirmed = echo.confirm(1);
    server("@label=h2 :irc.test 404 helga #c :blocked");
    let settled = false;
    void confirmed.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false, "h3 not answered yet");
    server("@label=h3 :helga!h@host PRIVMSG #c :three");
    const refused = await confirmed;
    assert.deepEqual(refused.map(({ code, entryId, target }) => ({ code, entryId, target })), [{ code: "404", entryId: "2-0", target: "#c" }]);
    assert.deepEqual(fences, [], "no PING fence needed");
  });

  it("reads a refusal inside a labelled batch (a JOIN's answer)", async () => {
    const { echo, server } = connection("echo-message labeled-response batch");
    echo.label(["JOIN #k", "PRIVMSG #k :x"], "3-0", 1);
    const confirmed = echo.confirm(1);
    server("@label=h1 :irc.test BATCH +7 :labeled-response");
    server("@batch=7 :irc.test 475 helga #k :Cannot join channel (+k)");
    server(":irc.test BATCH :-7");
    server("@label=h2 :irc.test 442 helga #k :You're not on that channel");
    assert.deepEqual((await confirmed).map(({ code, entryId }) => `${code} ${entryId}`), ["475 3-0", "442 3-0"]);
  });

  it("falls back to the PING fence where the server lacks labeled-response", async () => {
    const { echo, fences } = connection("echo-message");
    assert.deepEqual(echo.label(["PRIVMSG #c :one"], "1-0", 1), ["PRIVMSG #c :one"]);
    await echo.confirm(1);
    assert.deepEqual(fences, [1]);
  });

  it("fails what waits when the connection closes", async () => {
    const { irc, echo } = connection("echo-message labeled-response");
    echo.label(["PRIVMSG #c :one"], "1-0", 1);
    const confirmed = echo.confirm(1);
    irc.emit("disconnected");
    await assert.rejects(confirmed, NotConnectedError);
  });
});
