import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { plain } from "../../gateway/test/sources/plain.js";
import { startAlertmanager, type Alertmanager } from "../harness/alertmanager.js";
import { Stack, waitUntil, type Gateway } from "../harness/index.js";

/**
 * Discord-format senders through real Redis, ngircd, bot and gateway: a real Alertmanager's
 * discord_configs posting to /api/webhooks/<id>/<secret>, Discord's answers (204, or 200 with
 * JSON for ?wait=true), and a wrong token refused with nothing said.
 */

const CHANNEL = "#helga-test";
const SECRET = "d1scord-t0ken";

const SOURCES_YML = `
- name: discord
  type: discord
  path: /api/webhooks/123
  secret: \${DISCORD_TOKEN}
  channels: "${CHANNEL}"
  max_lines: 2
`;

describe("discord-format senders over real IRC", () => {
  const stack = new Stack({ channel: CHANNEL, webhooks: { "sources.yml": SOURCES_YML }, env: { DISCORD_TOKEN: SECRET, DISABLED_WEBHOOKS: "announcements,github" } });
  let gateway: Gateway;
  let alertmanager: Alertmanager;
  const channel = () => stack.observer.messages(CHANNEL).map(plain);
  const said = (line: string) => waitUntil(`"${line}" in ${CHANNEL}`, () => channel().includes(line), 20_000);
  const post = (path: string, body: object) => fetch(`${gateway.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

  before(async () => {
    await stack.start(1);
    gateway = stack.gateways[0] as Gateway;
    alertmanager = await startAlertmanager(`  - name: irc\n    discord_configs:\n      - webhook_url: ${gateway.url}/api/webhooks/123/${SECRET}\n        send_resolved: true\n`);
  });
  after(async () => {
    await alertmanager?.stop();
    await stack.stop();
  });

  it("Alertmanager's discord_configs: the firing alert's embed reaches the channel, cut at max_lines", async () => {
    await alertmanager.postAlerts([{ labels: { alertname: "QueueStuck", severity: "warning" }, annotations: { summary: "queue not draining" } }]);
    await said("▌ [FIRING:1] QueueStuck (warning)");
    await said("Alerts Firing: … and 6 more lines");
  });

  it("answers 204, or 200 with JSON for ?wait=true; formatting becomes IRC codes; a wrong token is 401 and says nothing", async () => {
    const quiet = await post(`/api/webhooks/123/${SECRET}`, { content: "**build** green" });
    assert.deepEqual([quiet.status, await quiet.text()], [204, ""]);
    const waited = await post(`/api/webhooks/123/${SECRET}?wait=true`, { content: "with [a link](https://example.com)", embeds: [{ title: "Title", url: "https://example.com/t", color: 0xed4245 }] });
    assert.equal(waited.status, 200);
    assert.equal(((await waited.json()) as { content?: string }).content, "with [a link](https://example.com)");
    const wrong = await post("/api/webhooks/123/nope", { content: "must not be said" });
    assert.equal(wrong.status, 401);
    await said("▌ Title https://example.com/t");
    assert.ok(stack.observer.messages(CHANNEL).includes("\x02build\x02 green"));
    assert.ok(channel().includes("with a link <https://example.com>"));
    assert.ok(!channel().includes("must not be said"));
  });
});
