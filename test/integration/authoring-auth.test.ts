import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { githubExample } from "../../gateway/test/github-examples.js";
import { Stack, type Gateway } from "../harness/index.js";

/**
 * Who may speak through helga, over real HTTP, Redis and IRC: basic auth (`authenticated`),
 * the built-in announcements and github packages, and the generic signed forms. A refused
 * request must leave nothing in the channel: each test ends with an accepted request and
 * checks that the channel shows only what was accepted, in order.
 */

const CHANNEL = "#helga-test";
const USER = "ops";
const PASSWORD = "hunter2 ☃";
const GITHUB_SECRET = "It's a Secret to Everybody";
const SHOP_SECRET = "shop-s3cret";
const GITLAB_TOKEN = "gitlab-t0ken";

/** `authenticated` around the handler, and around the whole route. */
const GUARDED = String.raw`
import { authenticated, route, type WebhookRequest } from "@helga/gateway";

const textOf = (request: WebhookRequest) => String((request.body as { text?: unknown } | undefined)?.text);

export const wrapsHandler = route("/guarded/handler$", { methods: ["POST"] }, authenticated(async (request, client) => {
  await client.msg("${CHANNEL}", "handler-wrapped: " + request.user + " says " + textOf(request));
  return "ok " + request.user;
}));

export const wrapsRoute = authenticated(route("/guarded/route$", { methods: ["POST"] }, async (request, client) => {
  await client.msg("${CHANNEL}", "route-wrapped: " + request.user + " says " + textOf(request));
  return "ok " + request.user;
}));
`;

/** The generic signed forms: an HMAC header in base64, and a shared token. */
const SIGNED = String.raw`
import { route, verified, type WebhookRequest } from "@helga/gateway";

const orderOf = (request: WebhookRequest) => String((request.body as { order?: unknown }).order);

export const shop = route("/signed/shop$", { methods: ["POST"] },
  verified.hmac({ header: "X-Shop-Signature", encoding: "base64", secret: "SHOP_SECRET" }, async (request, client) => {
    await client.msg("${CHANNEL}", "shop order " + orderOf(request));
    return "OK";
  }));

export const gitlab = route("/signed/gitlab$", { methods: ["POST"] },
  verified.token({ header: "X-Gitlab-Token", secret: "GITLAB_TOKEN" }, async (request, client) => {
    await client.msg("${CHANNEL}", "gitlab order " + orderOf(request));
    return "OK";
  }));
`;

/** GitHub's own one-commit push example (@octokit/webhooks-examples). */
const PUSH = Buffer.from(JSON.stringify(githubExample("push", 4)));
/** The line it becomes, colours included, as IRC users see it. */
const PUSH_LINE =
  "[\x0313Hello-World\x03] \x0315Codertocat\x03 pushed 1 commit to \x0306master\x03: \x03146113728\x03 Initial commit " +
  "\x0302https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246\x03";

const basic = (userPass: string) => `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;
const GOOD_AUTH = basic(`${USER}:${PASSWORD}`);
const hmac = (secret: string, body: Buffer | string, encoding: "hex" | "base64") => createHmac("sha256", secret).update(body).digest(encoding);

describe("authenticated and signed webhooks over real HTTP and IRC", () => {
  const stack = new Stack({
    channel: CHANNEL,
    webhooks: { "guarded.ts": GUARDED, "signed.ts": SIGNED },
    env: {
      WEBHOOKS_CREDENTIALS: `${USER}:${PASSWORD},ci:other`,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      SHOP_SECRET,
      GITLAB_TOKEN,
    },
  });
  let gateway: Gateway;
  const send = async (path: string, init: RequestInit) => {
    const response = await fetch(`${gateway.url}${path}`, { method: "POST", ...init });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
  const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  /** Runs `act`, waits for `expected` lines in the channel, and checks they are all that arrived. */
  const channelShowsOnly = async (expected: readonly string[], act: () => Promise<void>) => {
    const from = stack.observer.messages(CHANNEL).length;
    await act();
    const seen = await stack.observer.waitForMessages(CHANNEL, from + expected.length);
    assert.deepEqual(seen.slice(from), expected);
  };

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0]!;
  });
  after(() => stack.stop());

  for (const [path, order] of [["/guarded/handler", "handler-wrapped"], ["/guarded/route", "route-wrapped"]] as const) {
    it(`${order}: refuses wrong, missing and malformed credentials with a Basic challenge; lets the right ones speak`, async () => {
      await channelShowsOnly([`${order}: ${USER} says hello ☃`], async () => {
        for (const authorization of [basic(`${USER}:wrong`), basic(`nobody:${PASSWORD}`), undefined, "Basic !!!notbase64", "Bearer abc", basic("no-colon")]) {
          const refused = await send(path, json({ text: "must not appear" }, authorization === undefined ? {} : { authorization }));
          assert.equal(refused.status, 401, `${authorization}: ${refused.text}`);
          assert.equal(refused.headers.get("www-authenticate"), 'Basic realm="helga"');
          assert.equal(refused.text, "Unauthorized");
        }
        const accepted = await send(path, json({ text: "hello ☃" }, { authorization: GOOD_AUTH }));
        assert.deepEqual([accepted.status, accepted.text], [200, `ok ${USER}`]);
      });
    });
  }

  it("announcements: form and JSON messages are sent to #<channel>; no message is 400", async () => {
    await channelShowsOnly(["Deploy finished ☃", "JSON works too"], async () => {
      const missing = await send("/announce/helga-test", json({ other: "x" }, { authorization: GOOD_AUTH }));
      assert.deepEqual([missing.status, missing.text], [400, "Param message is required"]);
      const anonymous = await send("/announce/helga-test", json({ message: "must not appear" }));
      assert.equal(anonymous.status, 401);
      const form = await send("/announce/helga-test", {
        headers: { authorization: GOOD_AUTH, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ message: "Deploy finished ☃" }).toString(),
      });
      assert.deepEqual([form.status, form.text], [200, "Message Sent"]);
      const asJson = await send("/announce/helga-test", json({ message: "JSON works too" }, { authorization: GOOD_AUTH }));
      assert.deepEqual([asJson.status, asJson.text], [200, "Message Sent"]);
    });
  });

  it("github: a signed push is announced once; bad or missing signatures get 401 and announce nothing", async () => {
    const delivery = randomUUID();
    const headers = (signature: string | undefined, id = randomUUID()) => ({
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": id,
      ...(signature === undefined ? {} : { "x-hub-signature-256": signature }),
    });
    const valid = `sha256=${hmac(GITHUB_SECRET, PUSH, "hex")}`;
    await channelShowsOnly([PUSH_LINE, "after the redelivery"], async () => {
      for (const signature of [`sha256=${hmac("wrong secret", PUSH, "hex")}`, undefined, valid.replace("sha256=", "sha1="), "sha256="]) {
        const refused = await send("/github", { headers: headers(signature), body: PUSH });
        assert.deepEqual([refused.status, refused.text], [401, "Invalid or missing X-Hub-Signature-256"], String(signature));
      }
      const tampered = await send("/github", { headers: headers(valid), body: Buffer.concat([PUSH, Buffer.from(" ")]) });
      assert.equal(tampered.status, 401, "the signature covers the raw bytes");
      const first = await send("/github", { headers: headers(valid, delivery), body: PUSH });
      assert.deepEqual([first.status, first.text], [200, "Announced"]);
      const again = await send("/github", { headers: headers(valid, delivery), body: PUSH });
      assert.deepEqual([again.status, again.text], [200, "Already delivered"]);
      // The marker: had the redelivery been announced, its line would come before this one.
      await send("/announce/helga-test", json({ message: "after the redelivery" }, { authorization: GOOD_AUTH }));
    });
    assert.equal(await stack.redis.client.exists(`helga:delivery:${delivery}`), 1, "the delivery id is remembered in Redis");
  });

  it("verified.hmac and verified.token: only correctly signed requests are handled", async () => {
    await channelShowsOnly(["shop order 42", "gitlab order 7"], async () => {
      const shopBody = JSON.stringify({ order: 42 });
      const badShop = await send("/signed/shop", { headers: { "content-type": "application/json", "x-shop-signature": hmac("nope", shopBody, "base64") }, body: shopBody });
      assert.deepEqual([badShop.status, badShop.text], [401, "Invalid or missing X-Shop-Signature"]);
      const hexShop = await send("/signed/shop", { headers: { "content-type": "application/json", "x-shop-signature": hmac(SHOP_SECRET, shopBody, "hex") }, body: shopBody });
      assert.equal(hexShop.status, 401, "the declared encoding is base64");
      const shop = await send("/signed/shop", { headers: { "content-type": "application/json", "x-shop-signature": hmac(SHOP_SECRET, shopBody, "base64") }, body: shopBody });
      assert.deepEqual([shop.status, shop.text], [200, "OK"]);

      const gitlabBody = JSON.stringify({ order: 7 });
      for (const token of [undefined, "wrong", `${GITLAB_TOKEN}x`]) {
        const refused = await send("/signed/gitlab", { headers: { "content-type": "application/json", ...(token === undefined ? {} : { "x-gitlab-token": token }) }, body: gitlabBody });
        assert.deepEqual([refused.status, refused.text], [401, "Invalid or missing token"]);
      }
      const gitlab = await send("/signed/gitlab", { headers: { "content-type": "application/json", "x-gitlab-token": GITLAB_TOKEN }, body: gitlabBody });
      assert.deepEqual([gitlab.status, gitlab.text], [200, "OK"]);
    });
  });
});
