import { test } from "node:test";
import assert from "node:assert/strict";
import { route } from "../src/api/route.js";
import { ROUTE_BRAND } from "../src/api/types.js";
import { translatePythonPattern } from "../src/routing/compile-pattern.js";

const ok = () => "ok";

test("translatePythonPattern rewrites Python-only syntax and nothing else", () => {
  const cases: Array<[string, string]> = [
    ["/announce/(?P<channel>[\\w\\-_]+)", "/announce/(?<channel>[\\w\\-_]+)"],
    ["/(?P<a>x)/(?P=a)", "/(?<a>x)/\\k<a>"],
    ["/\\(?P<a>x\\)", "/\\(?P<a>x\\)"],
    ["/[(?P<a>]", "/[(?P<a>]"],
    ["/(?<js>style)", "/(?<js>style)"],
    ["/plain/path$", "/plain/path$"],
  ];
  for (const [input, expected] of cases) assert.equal(translatePythonPattern(input), expected, input);
});

test("route patterns match like Python re.match", () => {
  const logger = "/logger/(?P<channel>[\\w\\-_]+)/(?P<date>[\\w\\-]+)(?P<as_text>\\.txt)?/?$";
  const cases: Array<[string | RegExp, string, Record<string, string | undefined> | null]> = [
    ["/announce/(?P<channel>[\\w\\-_]+)", "/announce/bots", { channel: "bots" }],
    ["/announce/(?P<channel>[\\w\\-_]+)", "/announce/my-chan_1/extra", { channel: "my-chan_1" }],
    ["/announce/(?P<channel>[\\w\\-_]+)", "/x/announce/bots", null],
    ["/announce/(?P<channel>[\\w\\-_]+)", "/announce/", null],
    [logger, "/logger/bots/2024-01-02", { channel: "bots", date: "2024-01-02", as_text: undefined }],
    [logger, "/logger/bots/2024-01-02.txt", { channel: "bots", date: "2024-01-02", as_text: ".txt" }],
    [logger, "/logger/bots/2024-01-02/", { channel: "bots", date: "2024-01-02", as_text: undefined }],
    [logger, "/logger/bots/2024-01-02/more", null],
    ["/snow/☃", "/snow/☃", {}],
    ["/snow/(?P<what>.+)", "/snow/☃ ünïcødé", { what: "☃ ünïcødé" }],
    ["/(?P<word>\\w+)/(?P=word)$", "/echo/echo", { word: "echo" }],
    ["/(?P<word>\\w+)/(?P=word)$", "/echo/other", null],
    ["/a|/b", "/b", {}],
    ["/a|/b", "/xb", null],
    [/\/re\/(?<n>\d+)/i, "/RE/42", { n: "42" }],
    [/\/re$/g, "/re", {}],
  ];
  for (const [pattern, path, expected] of cases) {
    const compiled = route(pattern, ok).pattern;
    const result = compiled.exec(path);
    const label = `${String(pattern)} on ${path}`;
    if (expected === null) assert.equal(result, null, label);
    else assert.deepEqual({ ...result?.groups }, expected, label);
  }
});

test("a global RegExp matches the same path twice (no lastIndex state)", () => {
  const { pattern } = route(/\/re/g, ok);
  assert.ok(pattern.test("/re"));
  assert.ok(pattern.test("/re"));
});

test("route() defaults to GET, upper-cases methods, is frozen and branded", () => {
  const plain = route("/x", ok);
  assert.deepEqual(plain.methods, ["GET"]);
  assert.equal(plain[ROUTE_BRAND], true);
  assert.equal(plain.source, "/x");
  assert.ok(Object.isFrozen(plain));
  assert.ok(Object.isFrozen(plain.methods));
  const posted = route("/x", { methods: ["post", "Put", "POST"] }, ok);
  assert.deepEqual(posted.methods, ["POST", "PUT"]);
  assert.equal(posted.handler, ok);
});

test("route() compiles without the u flag when the pattern needs it", () => {
  // `\-` outside a class and `\_` are identity escapes Python accepts but `u` mode rejects.
  const { pattern } = route("/a\\-b\\_c", ok);
  assert.ok(pattern.test("/a-b_c"));
});

test("route() rejects bad patterns and handlers at declaration time", () => {
  assert.throws(() => route("/broken/(?P<x>[a-z", ok), (error: Error) => error instanceof SyntaxError && error.message.includes('"/broken/(?P<x>[a-z"'));
  assert.throws(() => route("/x", { methods: [] }, ok), /methods must be a non-empty list/);
  assert.throws(() => route("/x", { methods: ["GE T"] }, ok), /invalid method/);
  // @ts-expect-error a handler is required
  assert.throws(() => route("/x", {}), /needs a handler/);
});
