import { test } from "node:test";
import assert from "node:assert/strict";
import { route } from "../src/api/route.js";
import { createRouteTable, type WebhookRoutes } from "../src/routing/route-table.js";

const handler = () => undefined;
const webhook = (name: string, ...routes: ReturnType<typeof route>[]): WebhookRoutes => ({
  webhook: { name, packageDir: `/w/${name}`, moduleDir: `/w/${name}` },
  routes,
});

const first = route("/hook/(?P<id>\\d+)", { methods: ["POST"] }, handler);
const second = route("/hook/(?P<id>\\w+)", handler);
const table = createRouteTable([
  webhook("zeta", route("/hook/1", { methods: ["POST", "DELETE"] }, handler)),
  webhook("alpha", first, second),
  webhook("mid", route("/only-put$", { methods: ["PUT"] }, handler)),
]);

test("entries are ordered by webhook name, then export order", () => {
  assert.deepEqual(
    table.entries.map(({ webhook: w, route: r }) => `${w.name} ${r.source}`),
    ["alpha /hook/(?P<id>\\d+)", "alpha /hook/(?P<id>\\w+)", "mid /only-put$", "zeta /hook/1"],
  );
});

test("match picks the first route whose pattern and method fit", () => {
  const cases: Array<[string, string, string, unknown]> = [
    ["POST", "/hook/1", "found", { route: first, params: { id: "1" } }],
    ["GET", "/hook/1", "found", { route: second, params: { id: "1" } }],
    ["HEAD", "/hook/abc", "found", { route: second, params: { id: "abc" } }],
    ["DELETE", "/hook/1", "found", { params: {} }],
    ["PUT", "/hook/1", "method-not-allowed", { allow: ["POST", "GET", "HEAD", "DELETE"] }],
    ["POST", "/hook/abc", "method-not-allowed", { allow: ["GET", "HEAD"] }],
    ["OPTIONS", "/hook/2", "options", { allow: ["POST", "GET", "HEAD"] }],
    ["GET", "/only-put", "method-not-allowed", { allow: ["PUT"] }],
    ["PUT", "/only-put/x", "not-found", {}],
    ["GET", "/nothing", "not-found", {}],
  ];
  for (const [method, path, kind, expected] of cases) {
    const result = table.match(method, path);
    const label = `${method} ${path}`;
    assert.equal(result.kind, kind, label);
    const { route: expectedRoute, params, allow } = expected as { route?: unknown; params?: unknown; allow?: unknown };
    if (expectedRoute && result.kind === "found") assert.equal(result.entry.route, expectedRoute, label);
    if (params && result.kind === "found") assert.deepEqual({ ...result.params }, params, label);
    if (allow && "allow" in result) assert.deepEqual(result.allow, allow, label);
  }
});

test("an empty table finds nothing", () => {
  assert.equal(createRouteTable([]).match("GET", "/").kind, "not-found");
});

test("an encoded slash stays inside one segment while matching; the captured value arrives decoded", () => {
  const tpl = route("/tpl/(?P<name>[^/]+)$", handler);
  const snow = route("/snow/☃/(?P<what>.+)$", handler);
  const tplTable = createRouteTable([webhook("tpl", tpl, snow)]);
  const cases: Array<[string, string | undefined]> = [
    ["/tpl/feature%2Fx", "feature/x"],
    ["/tpl/feature%2fx", "feature/x"],
    ["/tpl/100%25", "100%"],
    ["/tpl/a%252Fb", "a%2Fb"],
    ["/tpl/caf%C3%A9", "café"],
    ["/tpl/feature/x", undefined],
  ];
  for (const [path, name] of cases) {
    const result = tplTable.match("GET", path);
    if (name === undefined) assert.equal(result.kind, "not-found", path);
    else assert.deepEqual(result.kind === "found" ? { ...result.params } : result.kind, { name }, path);
  }
  const snowed = tplTable.match("GET", "/snow/%E2%98%83/a%2Fb");
  assert.deepEqual(snowed.kind === "found" ? { ...snowed.params } : snowed.kind, { what: "a/b" });
});
