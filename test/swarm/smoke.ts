/**
 * Swarm test (`npm run test:swarm`): deploys deploy/swarm/helga-stack.yml (with the local IRC
 * server of local-ircd.yml) on a single-node swarm, as docs/deployment.md says, and checks
 * what a cluster promises: a webhook reaches the channel, Swarm secrets and configs reach the
 * gateways, `docker service scale` adds gateways that answer, a rolling update of the gateways
 * under a steady stream of webhooks fails none of them, and killing the active bot lets the
 * standby take over with nothing lost. The test talks to the stack through a relay container
 * on its overlay network (overlay-relay.ts says why). Prints the figures, always tears down
 * (and leaves the swarm if it joined one), ends with "N passed, N failed".
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { duplicateCount, freePort, IrcObserver, sleep, waitUntil } from "../harness/index.js";
import { imageOverrides } from "../compose/image-overrides.js";
import { runCommand } from "../compose/run-command.js";
import { StepRunner } from "../compose/step-runner.js";
import { OverlayRelay } from "./overlay-relay.js";
import { SwarmStack } from "./swarm-stack.js";
import { steadyStream } from "./webhook-stream.js";
import { botRoles } from "./bot-roles.js";
import { buildImages } from "./build-images.js";
import { createDockerSecret } from "./docker-secret.js";
import { answeringGateways } from "../compose/balancer-log.js";
import { ChannelWatch } from "../compose/channel-watch.js";
import { connectObserver } from "../compose/connect-observer.js";
import { postMessage } from "../compose/post-message.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const runId = `${process.pid}${randomBytes(2).toString("hex")}`;
const BOT_NICK = "helga";
const CHANNEL = "#bots";
const OBSERVER = "swarmobs";
const CREDENTIALS = `swarm:${runId}`;
const LEASE_MS = 3_000;
const DEADLINE_MS = 10 * 60_000;
// One tag for every run: rebuilt in seconds from the layer cache, no images pile up.
const GATEWAY_IMAGE = "helga-webhooks/gateway:swarm-test";
const BOT_IMAGE = "helga-webhooks/bot:swarm-test";

const started = Date.now();
const write = (line: string) => process.stdout.write(`${line}\n`);
const steps = new StepRunner(write);
const docker = (args: readonly string[], timeoutMs = 60_000) => runCommand("docker", args, { timeoutMs });

// Base images: the founders' stand-ins where their tool is beside the checkout, else the ones
// the environment names (`eval "$(standin-images.sh --env)"` first), else the official ones.
const images: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].endsWith("_IMAGE") && !!entry[1])),
  ...(await imageOverrides(repoRoot).catch((error: Error) => {
    write(`FAIL preparing the base images: ${error.message}\nswarm: 0 passed, 1 failed`);
    process.exit(1);
  })),
};
const stack = new SwarmStack(`helgaswarm${runId}`, repoRoot, {
  ...Object.fromEntries(Object.entries(images).filter(([name]) => name.endsWith("_IMAGE"))),
  HELGA_GATEWAY_IMAGE: GATEWAY_IMAGE,
  HELGA_BOT_IMAGE: BOT_IMAGE,
  STACK_SECRET_PREFIX: `helgaswarm${runId}`,
  STACK_CONFIG_PREFIX: `helgaswarm${runId}`,
  GATEWAY_REPLICAS: "1",
  LB_REPLICAS: "1",
  // Where the routing mesh cannot run (this sandbox): see deploy/swarm/helga-stack.yml.
  LB_PUBLISH_MODE: "host",
  LB_ENDPOINT_MODE: "dnsrr",
  WEBHOOKS_PUBLISH_PORT: String(await freePort()),
  BOT_LEASE_MS: String(LEASE_MS),
  // One node here; on a cluster the stack spreads the two bots over two nodes.
  BOT_REPLICAS_PER_NODE: "2",
  // About the pace the IRC server allows, so deliveries keep up with the stream.
  RATE_LIMIT: "0.3",
});
const secretName = `${stack.name}_webhooks_credentials`;
let relay: OverlayRelay | undefined;
let observer: IrcObserver | undefined;
const channel = new ChannelWatch(() => observer, BOT_NICK, CHANNEL);
let joinedSwarm = false;
let hookUrl = "";
let announceUrl = "";

let tornDown: Promise<boolean> | undefined;
/** Idempotent: signals, the deadline and the normal end all come here. */
function tearDown(): Promise<boolean> {
  tornDown ??= (async () => {
    observer?.close();
    write(`tearing down ${stack.name}`);
    const problems: string[] = [];
    const attempt = async (what: string, action: () => Promise<unknown>) => {
      await action().catch((error: Error) => problems.push(`${what}: ${error.message}`));
    };
    // The relay first: a container still attached keeps the stack's network alive.
    await attempt("relay", async () => relay?.remove());
    await attempt("stack", () => stack.remove());
    await attempt("secret", () => runCommand("docker", ["secret", "rm", secretName], { timeoutMs: 60_000, allowFailure: true }));
    if (joinedSwarm) await attempt("swarm leave", () => docker(["swarm", "leave", "--force"]));
    for (const problem of problems) write(`FAIL teardown ${problem}`);
    return problems.length === 0;
  })();
  return tornDown;
}
async function finish(code: number): Promise<never> {
  const clean = await tearDown();
  write(`swarm test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  write(`swarm: ${steps.summary()}`);
  process.exit(clean ? code : 1);
}
steps.endOnInterrupt(finish, DEADLINE_MS, "swarm test");

write(`swarm test, stack ${stack.name}`);

await steps.step("swarm mode is on (docker swarm init --advertise-addr 127.0.0.1 when it is not)", async () => {
  const { stdout } = await docker(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"]);
  const [state, manager] = stdout.trim().split(" ");
  if (state === "active") {
    if (manager !== "true") throw new Error("this node is a swarm worker; stacks deploy from a manager");
    return "already a manager; left as found";
  }
  await docker(["swarm", "init", "--advertise-addr", "127.0.0.1"]);
  joinedSwarm = true;
  return "initialised; left again at the end";
});

await steps.step("images build from gateway/Dockerfile and bot/Dockerfile", async () => {
  await buildImages(repoRoot, images, [["gateway/Dockerfile", GATEWAY_IMAGE], ["bot/Dockerfile", BOT_IMAGE]]);
});

await steps.step("the webhook credentials become a Swarm secret", async () => {
  await createDockerSecret(secretName, `${CREDENTIALS}\n`);
});

await steps.step("docker stack deploy: every service converges, healthy", async () => {
  await stack.deploy();
  return stack.waitConverged(180_000);
});

await steps.step("a relay container on the stack's overlay network reaches the balancer and the IRC server", async () => {
  relay = await OverlayRelay.start(`${stack.name}_relay`, images.NODE_IMAGE ?? "node:22-bookworm-slim", stack.network, [
    { name: "http", to: "lb", port: 80 },
    { name: "irc", to: "ircd", port: 6667 },
  ]);
  hookUrl = `http://127.0.0.1:${relay.port("http")}/hello/${CHANNEL.slice(1)}`;
  announceUrl = `http://127.0.0.1:${relay.port("http")}/announce/${CHANNEL.slice(1)}`;
  observer = await connectObserver(OBSERVER, relay.port("irc"), CHANNEL);
  await waitUntil(`${BOT_NICK} in ${CHANNEL}`, async () => (await observer?.names(CHANNEL))?.includes(BOT_NICK), 90_000, 1_000);
  return `${BOT_NICK} is in ${CHANNEL}`;
});

await steps.step("a POST through the balancer reaches the channel", async () => {
  const text = `Hello from the swarm test ${runId}`;
  // The gateways open their port once the bot has signed on; until then the balancer answers 503.
  await waitUntil("a 200 from the webhook", async () => (await postMessage(hookUrl, text)).status === 200, 60_000, 1_000);
  await channel.seen(text);
});

await steps.step("the Swarm secret reaches the gateway (WEBHOOKS_CREDENTIALS_FILE), the config its webhook", async () => {
  const text = `announced ${runId}`;
  const anonymous = await postMessage(announceUrl, text);
  if (anonymous.status !== 401) throw new Error(`without credentials: expected 401, got ${anonymous.status}`);
  const signedIn = await postMessage(announceUrl, text, `Basic ${Buffer.from(CREDENTIALS).toString("base64")}`);
  if (signedIn.status !== 200) throw new Error(`with the secret's credentials: expected 200, got ${signedIn.status} ${signedIn.body}`);
  await channel.seen(text);
  return "401 without, 200 with; /hello came from the webhook_hello config";
});

await steps.step("docker service scale gateway=3: all three answer", async () => {
  const scaleStarted = Date.now();
  await docker(["service", "scale", "--detach=false", `${stack.service("gateway")}=3`], 180_000);
  await stack.waitConverged(120_000);
  const scaledIn = (Date.now() - scaleStarted) / 1000;
  const addresses = new Set((await stack.tasks("gateway")).map((task) => task.address));
  if (addresses.size !== 3) throw new Error(`expected 3 running gateways, found ${addresses.size}`);
  let sent = 0;
  const texts: string[] = [];
  await waitUntil(`answers from ${[...addresses].join(", ")}`, async () => {
    const text = `scaled ${sent++} ${runId}`;
    const { status, body } = await postMessage(hookUrl, text);
    if (status !== 200) throw new Error(`POST "${text}": ${status} ${body}`);
    texts.push(text);
    const answered = answeringGateways(await stack.logs("lb"));
    return [...addresses].every((address) => answered.has(address));
  }, 60_000, 200);
  for (const text of texts) await channel.seen(text, 60_000);
  return `3 of 3 answered within ${sent} requests; scaled in ${scaledIn.toFixed(1)} s`;
});

await steps.step("a rolling update of the gateways (docker service update --force) under a steady stream of POSTs fails none", async () => {
  const before = new Set((await stack.tasks("gateway")).map((task) => task.container));
  let streaming = true;
  const stream = steadyStream(hookUrl, "rolling", runId, 3, () => streaming);
  await sleep(2_000);
  const updateStarted = Date.now();
  await docker(["service", "update", "--force", "--detach=false", stack.service("gateway")], 5 * 60_000);
  const updateSeconds = (Date.now() - updateStarted) / 1000;
  await sleep(2_000);
  streaming = false;
  const results = await stream;
  const after = (await stack.tasks("gateway")).map((task) => task.container);
  const kept = after.filter((container) => before.has(container));
  if (kept.length) throw new Error(`${kept.length} gateway container(s) were not replaced`);
  const failed = results.filter((result) => result.status !== 200);
  if (failed.length) {
    throw new Error(`${failed.length} of ${results.length} requests failed: ${failed.slice(0, 5).map((f) => `${f.status} ${f.body.slice(0, 80)}`).join("; ")}`);
  }
  await waitUntil(`all ${results.length} streamed lines in ${CHANNEL}`, () => results.every((result) => channel.delivered().includes(result.text)), 120_000, 200);
  const duplicates = duplicateCount(channel.delivered().filter((text) => text.startsWith("rolling ")));
  const slowest = Math.max(...results.map((result) => result.doneAt - result.sentAt)) / 1000;
  const span = ((results.at(-1)?.doneAt ?? 0) - (results[0]?.sentAt ?? 0)) / 1000;
  return `${results.length} requests over ${span.toFixed(1)} s, 0 failed, slowest answer ${slowest.toFixed(2)} s; ` +
    `3 gateways replaced in ${updateSeconds.toFixed(1)} s; all delivered, ${duplicates} duplicate(s)`;
});

await steps.step("the active bot's container killed: the standby takes over, nothing lost", async () => {
  const bots = await botRoles(stack);
  const active = bots.filter((bot) => bot.active);
  if (bots.length !== 2 || active.length !== 1) throw new Error(`expected 2 bots, 1 active; found ${bots.length}, ${active.length} active`);
  const victim = active[0]?.container ?? "";
  let streaming = true;
  const stream = steadyStream(hookUrl, "takeover", runId, 4, () => streaming);
  await sleep(1_500);
  const linesAtKill = observer?.lines.length ?? 0;
  const killedAt = Date.now();
  await docker(["kill", victim]);
  const rejoinedAt = await waitUntil(`${BOT_NICK} to join ${CHANNEL} again`, () =>
    observer?.lines.slice(linesAtKill).some((line) => line.command === "JOIN" && line.from === BOT_NICK) ? Date.now() : undefined, 60_000, 50);
  await sleep(3_000);
  streaming = false;
  const results = await stream;
  const acknowledged = results.filter((result) => result.status === 200);
  await waitUntil(`all ${acknowledged.length} acknowledged lines in ${CHANNEL}`, () => acknowledged.every((result) => channel.delivered().includes(result.text)), 120_000, 200);
  const duplicates = duplicateCount(channel.delivered().filter((text) => text.startsWith("takeover ")));
  // Swarm restarts the killed task; it must come back as the standby, not a second active bot.
  await stack.waitConverged(120_000);
  const now = await botRoles(stack);
  if (now.filter((bot) => bot.active).length !== 1 || now.length !== 2) throw new Error(`after the restart: ${now.length} bots, ${now.filter((b) => b.active).length} active`);
  return `back in ${CHANNEL} ${((rejoinedAt - killedAt) / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS / 1000} s); ` +
    `${acknowledged.length} of ${results.length} requests acknowledged, all delivered, ${duplicates} duplicate(s); ` +
    "Swarm restarted the killed task: 2 bots again, 1 active";
});

if (steps.failed > 0) {
  for (const service of ["bot", "gateway", "lb"]) {
    const log = await stack.logs(service).catch(() => "");
    write(`last ${service} log lines:\n${log.trimEnd().split("\n").slice(-15).join("\n")}`);
  }
}
await finish(steps.failed > 0 ? 1 : 0);
