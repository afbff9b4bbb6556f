import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { formatEvent } from "../../src/sources/irc/format-event.js";
import { giteaSource } from "../../src/sources/gitea/gitea-source.js";
import { normaliseGitea } from "../../src/sources/gitea/normalise-gitea.js";
import type { SourceEvent } from "../../src/sources/core/source-event.js";
import { fixture } from "./fixture.js";
import { plain } from "./plain.js";

const lines = (name: string) => {
  const { headers, payload } = fixture(`gitea/${name}`);
  const normalised = normaliseGitea(headers["X-Gitea-Event"] ?? "", payload);
  assert.equal(normalised.kind, "event", name);
  return formatEvent((normalised as { event: SourceEvent }).event).map(plain);
};

test("Gitea's and Forgejo's payloads become one line each", () => {
  const cases: Array<[string, string]> = [
    ["push", "[webhooks] gitea pushed 1 commit to develop: bffeb74 Webhooks Yay! http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a"],
    ["pull-request", "[repo] user1 opened pull request #12: Fix bug http://localhost:3000/test/repo/pulls/12"],
    ["issues", "[repo] user1 opened issue #2: crash http://localhost:3000/test/repo/issues/2"],
    ["issue-comment", "[repo] user1 commented on issue #2: crash (more info needed) http://localhost:3000/test/repo/issues/2#issuecomment-4"],
    ["pull-request-comment", "[repo] user1 commented on pull request #12: Fix bug (changes requested) http://localhost:3000/test/repo/pulls/12#issuecomment-4"],
    ["release", "[repo] user1 published release v1.0: First stable release http://localhost:3000/test/repo/releases/tag/v1.0"],
    ["create", "[repo] user1 created branch test"],
    ["delete", "[repo] user1 deleted branch test"],
  ];
  for (const [name, expected] of cases) assert.deepEqual(lines(name), [expected], name);
  assert.deepEqual(normaliseGitea("wiki", {}), { kind: "ignored", reason: "event wiki is not announced" });
});

test("X-Gitea-Signature or X-Forgejo-Signature: HMAC-SHA256 hex of the raw body", () => {
  const rawBody = Buffer.from(JSON.stringify(fixture("gitea/push").payload));
  const signature = createHmac("sha256", "s3cret").update(rawBody).digest("hex");
  const request = (headers: Record<string, string>) => ({ headers, rawBody }) as never;
  assert.equal(giteaSource.verify(request({ "x-gitea-signature": signature }), ["s3cret"]), true);
  assert.equal(giteaSource.verify(request({ "x-forgejo-signature": signature.toUpperCase() }), ["s3cret"]), true);
  assert.equal(giteaSource.verify(request({ "x-gitea-signature": createHmac("sha256", "other").update(rawBody).digest("hex") }), ["s3cret"]), false);
  assert.equal(giteaSource.verify(request({}), ["s3cret"]), false);
  assert.deepEqual(giteaSource.deliveryHeaders, ["x-forgejo-delivery", "x-gitea-delivery"]);
});
