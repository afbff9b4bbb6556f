import { test } from "node:test";
import assert from "node:assert/strict";
import { authenticated, authorizedUser } from "../src/api/authenticated.js";
import { parseBasicAuthorization } from "../src/api/basic-authorization.js";
import { route } from "../src/api/route.js";
import { createTestKit } from "../src/testing/index.js";

const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;
const whoAmI = (request: { user?: string | undefined }) => `hello ${request.user}`;

test("parseBasicAuthorization reads user and password, and rejects malformed headers", () => {
  const cases: Array<[string | undefined, { user: string; password: string } | undefined]> = [
    [basic("alice:s3cret"), { user: "alice", password: "s3cret" }],
    [basic("alice:pass:with:colons"), { user: "alice", password: "pass:with:colons" }],
    [basic("☃:☃"), { user: "☃", password: "☃" }],
    [`basic ${Buffer.from("a:b").toString("base64")}`, { user: "a", password: "b" }],
    [undefined, undefined],
    ["", undefined],
    ["Basic", undefined],
    ["Basic !!!notbase64", undefined],
    [basic("no-colon"), undefined],
    ["Bearer abc", undefined],
    [`Basic ${Buffer.from("a:b").toString("base64")} extra`, undefined],
  ];
  for (const [header, expected] of cases) assert.deepEqual(parseBasicAuthorization(header), expected, String(header));
});

test("authorizedUser matches whole pairs only", () => {
  const pairs = [["alice", "one"], ["bob", "two"]] as const;
  assert.equal(authorizedUser(basic("bob:two"), pairs), "bob");
  assert.equal(authorizedUser(basic("alice:two"), pairs), undefined);
  assert.equal(authorizedUser(basic("alice:on"), pairs), undefined);
  assert.equal(authorizedUser(basic("alice:one1"), pairs), undefined);
  assert.equal(authorizedUser(basic(":"), pairs), undefined);
  assert.equal(authorizedUser(basic("alice:one"), []), undefined);
});

const settings = { WEBHOOKS_CREDENTIALS: "alice:one,bob:two" };
const orders = {
  "authenticated inside route": route("/me", authenticated(whoAmI)),
  "authenticated around route": authenticated(route("/me", whoAmI)),
};

for (const [name, me] of Object.entries(orders)) {
  test(`${name}: the right pair passes and sets request.user`, async () => {
    const kit = createTestKit({ settings });
    const response = await kit.call(me, { path: "/me", credentials: ["bob", "two"] });
    assert.equal(response.status, 200);
    assert.equal(response.text, "hello bob");
  });

  test(`${name}: no, wrong or malformed credentials get 401 with a challenge, and the handler does not run`, async () => {
    let ran = false;
    const guarded = name.includes("inside")
      ? route("/me", authenticated(() => { ran = true; return "no"; }))
      : authenticated(route("/me", () => { ran = true; return "no"; }));
    const kit = createTestKit({ settings });
    const attempts = [
      {},
      { credentials: ["alice", "two"] as const },
      { credentials: ["mallory", "one"] as const },
      { headers: { authorization: "Basic %%%" } },
      { headers: { authorization: basic("alice") } },
      { headers: { authorization: "Digest username=alice" } },
    ];
    for (const attempt of attempts) {
      const response = await kit.call(guarded, { path: "/me", ...attempt });
      assert.equal(response.status, 401, JSON.stringify(attempt));
      assert.equal(response.headers["www-authenticate"], 'Basic realm="helga"');
      assert.equal(response.error, undefined);
    }
    assert.equal(ran, false);
  });
}

test("an empty credential list rejects everyone", async () => {
  const kit = createTestKit({ settings: {} });
  const response = await kit.call(route("/me", authenticated(whoAmI)), { path: "/me", credentials: ["alice", "one"] });
  assert.equal(response.status, 401);
});

test("credentials in JSON form work too", async () => {
  const kit = createTestKit({ settings: { WEBHOOKS_CREDENTIALS: '[["alice", "p:w,d"]]' } });
  const response = await kit.call(route("/me", authenticated(whoAmI)), { path: "/me", credentials: ["alice", "p:w,d"] });
  assert.equal(response.text, "hello alice");
});

test("authenticated keeps the route's pattern and methods, and rejects what is neither route nor handler", () => {
  const original = route("/x/(?P<id>\\d+)", { methods: ["POST"] }, whoAmI);
  const wrapped = authenticated(original);
  assert.equal(wrapped.source, original.source);
  assert.deepEqual(wrapped.methods, ["POST"]);
  assert.notEqual(wrapped.handler, original.handler);
  assert.throws(() => authenticated("nope" as never), /authenticated\(\) expects a handler function or a route/);
});
