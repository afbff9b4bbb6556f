/**
 * Compose smoke test (`npm run test:compose`): walks the README's quick start for real.
 * Builds the images, starts the stack with three gateways and the local IRC server, posts
 * webhooks through the load balancer and watches them arrive in the channel from the published
 * IRC port, stops and starts webhooks from IRC, kills a gateway, adds one, checks the images,
 * prints their sizes, and always tears everything down. Ends with "N passed, N failed".
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort, IrcObserver, waitUntil } from "../harness/index.js";
import { ComposeProject } from "./compose-project.js";
import { imageOverrides } from "./image-overrides.js";
import { runCommand } from "./run-command.js";
import { StepRunner } from "./step-runner.js";
import { connectObserver } from "./connect-observer.js";
import { answeringGateways } from "./balancer-log.js";
import { ChannelWatch } from "./channel-watch.js";
import { builtImages, containerStates, gatewayAddresses, projectStates } from "./container-states.js";
import { devOnlyPackages } from "./dev-only-packages.js";
import { postMessage } from "./post-message.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const runId = `${process.pid}${randomBytes(2).toString("hex")}`;
const BOT_NICK = "helga"; // the default NICK and CHANNELS: the quick start's path
const CHANNEL = "#bots";
const OBSERVER = "smokeop";
const DEADLINE_MS = 30 * 60_000;

const write = (line: string) => process.stdout.write(`${line}\n`);
const steps = new StepRunner(write);

const lbPort = await freePort();
const ircPort = await freePort();
const compose = await ComposeProject.create(`helgasmoke${runId}`, repoRoot, {
  ...(await imageOverrides(repoRoot).catch((error: Error) => {
    write(`FAIL preparing the base images: ${error.message}\ncompose smoke: 0 passed, 1 failed`);
    process.exit(1);
  })),
  OPERATORS: OBSERVER,
  WEBHOOKS_CREDENTIALS: `smoke:${runId}`,
  WEBHOOKS_PUBLISH_ADDRESS: "127.0.0.1",
  WEBHOOKS_PUBLISH_PORT: String(lbPort),
  IRC_PUBLISH_PORT: String(ircPort),
});
const hookUrl = `http://127.0.0.1:${lbPort}/hello/${CHANNEL.slice(1)}`;
let observer: IrcObserver | undefined;
const channel = new ChannelWatch(() => observer, BOT_NICK, CHANNEL);

let tornDown: Promise<boolean> | undefined;
/** Idempotent: signals, the deadline and the normal end all come here. */
function tearDown(): Promise<boolean> {
  tornDown ??= (async () => {
    observer?.close();
    write(`tearing down ${compose.name}`);
    const result = await compose.run(["down", "-v", "--remove-orphans", "-t", "10"], 180_000).catch((error: Error) => error);
    if (result instanceof Error) write(`FAIL teardown: ${result.message}`);
    return !(result instanceof Error);
  })();
  return tornDown;
}
async function finish(code: number): Promise<never> {
  const clean = await tearDown();
  write(`compose smoke: ${steps.summary()}`);
  process.exit(clean ? code : 1);
}
steps.endOnInterrupt(finish, DEADLINE_MS, "smoke test");

write(`compose smoke ${compose.name}: load balancer 127.0.0.1:${lbPort}, IRC 127.0.0.1:${ircPort}`);

await steps.step("compose files pass `config` with no variables set", async () => {
  await compose.bare().run(["config", "-q"], 60_000);
});

await steps.step("images build", async () => {
  await compose.run(["build"], 25 * 60_000, { echo: true });
});

await steps.step("stack starts with 3 gateways", async () => {
  await compose.run(["up", "-d", "--scale", "gateway=3"], 5 * 60_000, { echo: true });
  const gateways = await compose.containerIds("gateway");
  if (gateways.length !== 3) throw new Error(`expected 3 gateway containers, found ${gateways.length}`);
});

await steps.step("every container is healthy", async () => {
  const states = await waitUntil("healthy containers", async () => {
    const all = await projectStates(compose);
    return all.every((state) => state.ok) ? all : undefined;
  }, 180_000, 2_000).catch(async (error: Error) => {
    throw new Error(`${error.message}; now: ${(await projectStates(compose)).map((s) => `${s.name} ${s.status}`).join(", ")}`);
  });
  return states.map((state) => state.name.replace(`${compose.name}_`, "").replace(`${compose.name}-`, "")).join(", ");
});

await steps.step(`an IRC client on the published port sees ${BOT_NICK} in ${CHANNEL}`, async () => {
  observer = await connectObserver(OBSERVER, ircPort, CHANNEL);
  await waitUntil(`${BOT_NICK} in ${CHANNEL}`, async () => (await observer?.names(CHANNEL))?.includes(BOT_NICK), 90_000, 1_000);
});

await steps.step("the README's curl line delivers to the channel", async () => {
  const text = `Hello from the compose smoke test ${runId}`;
  // The gateways open their port once the bot has signed on; until then the balancer answers 503.
  const reply = await waitUntil("a 200 from the webhook", async () => {
    const response = await postMessage(hookUrl, text);
    return response.status === 200 ? response : undefined;
  }, 60_000, 1_000);
  if (reply.body !== "Message Sent") throw new Error(`expected "Message Sent", got ${JSON.stringify(reply.body)}`);
  await channel.seen(text);
});

await steps.step("the built-in announcements webhook ships in the image and checks WEBHOOKS_CREDENTIALS", async () => {
  const url = `http://127.0.0.1:${lbPort}/announce/${CHANNEL.slice(1)}`;
  const text = `announced ${runId}`;
  const anonymous = await postMessage(url, text);
  if (anonymous.status !== 401) throw new Error(`without credentials: expected 401, got ${anonymous.status}`);
  const signedIn = await postMessage(url, text, `Basic ${Buffer.from(`smoke:${runId}`).toString("base64")}`);
  if (signedIn.status !== 200) throw new Error(`with credentials: expected 200, got ${signedIn.status} ${signedIn.body}`);
  await channel.seen(text);
});

await steps.step("requests spread over more than one gateway", async () => {
  const texts = Array.from({ length: 12 }, (_, i) => `spread ${i} ${runId}`);
  for (const text of texts) await expectStatus(text, 200);
  for (const text of texts) await channel.seen(text, 60_000);
  const answered = answeringGateways(await compose.logs("lb"));
  const gateways = await gatewayAddresses(compose);
  const strangers = [...answered].filter((address) => !gateways.has(address));
  if (strangers.length) throw new Error(`answered by addresses that are no gateway: ${strangers.join(", ")}`);
  if (answered.size < 2) throw new Error(`all requests went to one gateway (${[...answered].join(", ")})`);
  return `${answered.size} of ${gateways.size} gateways answered`;
});

const stoppedTexts: string[] = [];
await steps.step("`!webhooks stop` from an operator turns webhooks off", async () => {
  observer?.say(CHANNEL, "!webhooks stop");
  await channel.seen("Webhooks service stopped");
  await waitUntil("webhook requests to fail", async () => (await postMessage(hookUrl, `stopping ${runId}`)).status >= 500, 20_000, 500);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const text = `while stopped ${i} ${runId}`;
    stoppedTexts.push(text);
    const { status } = await postMessage(hookUrl, text);
    if (status < 500) throw new Error(`a request while stopped got ${status}`);
    statuses.push(status);
  }
  return `requests answered ${statuses.join(", ")}`;
});

await steps.step("`!webhooks start` turns them back on", async () => {
  observer?.say(CHANNEL, "!webhooks start");
  await channel.seen("Webhooks service started");
  const text = `after start ${runId}`;
  await waitUntil("a 200 after start", async () => (await postMessage(hookUrl, text)).status === 200, 30_000, 500);
  await channel.seen(text);
  const leaked = stoppedTexts.filter((stopped) => channel.delivered().includes(stopped));
  if (leaked.length) throw new Error(`requests refused while stopped were delivered: ${leaked.join("; ")}`);
});

await steps.step("a killed gateway does not stop delivery", async () => {
  const [victim] = await compose.containerIds("gateway");
  if (victim === undefined) throw new Error("no gateway container");
  await runCommand("docker", ["kill", victim], { timeoutMs: 30_000 });
  const texts = Array.from({ length: 6 }, (_, i) => `after kill ${i} ${runId}`);
  for (const text of texts) await expectStatus(text, 200);
  for (const text of texts) await channel.seen(text, 60_000);
  const { stdout } = await runCommand("docker", ["inspect", "-f", "{{.State.Status}} (restarts: {{.RestartCount}})", victim], { timeoutMs: 30_000 });
  return `the killed replica is now ${stdout.trim()}`;
});

await steps.step("a gateway added with --scale takes traffic", async () => {
  const before = new Set(await compose.containerIds("gateway"));
  const logStart = (await compose.logs("lb")).length;
  await compose.run(["up", "-d", "--no-recreate", "--scale", `gateway=${before.size + 1}`], 5 * 60_000);
  const added = (await compose.containerIds("gateway")).filter((id) => !before.has(id));
  if (added.length !== 1) throw new Error(`expected one new gateway container, found ${added.length}`);
  await waitUntil("the new gateway to be healthy", async () => (await containerStates(added)).every((state) => state.ok), 120_000, 1_000);
  const addresses = await gatewayAddresses(compose, added);
  let sent = 0;
  await waitUntil(`a request answered by the new gateway (${[...addresses].join(", ")})`, async () => {
    await expectStatus(`scaled ${sent++} ${runId}`, 200);
    const answered = answeringGateways((await compose.logs("lb")).slice(logStart));
    return [...addresses].some((address) => answered.has(address));
  }, 60_000, 200);
  return `the new replica answered after ${sent} requests`;
});

await steps.step("images run as a non-root user with production dependencies only", async () => {
  const images = await builtImages(compose);
  const notes: string[] = [];
  for (const [workspace, image] of images) {
    const { stdout: user } = await runCommand("docker", ["image", "inspect", "-f", "{{.Config.User}}", image], { timeoutMs: 30_000 });
    if (["", "root", "0"].includes(user.trim())) throw new Error(`${image} runs as root`);
    const devOnly = devOnlyPackages(repoRoot, workspace);
    const probe = `const fs=require("fs");const found=${JSON.stringify(devOnly)}.filter(n=>fs.existsSync("/app/node_modules/"+n));` +
      `if(process.getuid()===0)found.push("(uid 0)");process.stdout.write(found.join(","));`;
    const { stdout } = await runCommand("docker", ["run", "--rm", image, "node", "-e", probe], { timeoutMs: 60_000 });
    if (stdout.trim()) throw new Error(`${image} holds dev dependencies: ${stdout.trim()}`);
    notes.push(`${image} user ${user.trim()}, none of ${devOnly.length} dev packages`);
  }
  return notes.join("; ");
});

await steps.step("gateways and the bot stop cleanly on SIGTERM", async () => {
  const ids = [...(await compose.containerIds("gateway")), ...(await compose.containerIds("bot"))];
  const { stdout: running } = await runCommand("docker", ["inspect", "-f", "{{.Id}} {{.State.Running}}", ...ids], { timeoutMs: 30_000 });
  const live = running.split("\n").filter((line) => line.endsWith(" true")).map((line) => line.split(" ")[0] ?? "");
  const started = Date.now();
  await compose.run(["stop", "-t", "20", "gateway", "bot"], 120_000);
  const took = Date.now() - started;
  const { stdout } = await runCommand("docker", ["inspect", "-f", "{{.Name}} {{.State.ExitCode}}", ...live], { timeoutMs: 30_000 });
  const unclean = stdout.trim().split("\n").filter((line) => !line.endsWith(" 0"));
  if (unclean.length) throw new Error(`non-zero exit after SIGTERM: ${unclean.join(", ")}`);
  if (took >= 20_000) throw new Error(`stopping took ${took} ms, as long as the grace period`);
  return `${live.length} containers exited 0 in ${(took / 1000).toFixed(1)} s`;
});

const images = await builtImages(compose).catch(() => new Map<string, string>());
if (images.size) write("image sizes:");
for (const image of images.values()) {
  const { stdout } = await runCommand("docker", ["image", "ls", "--format", "{{.Size}}", image], { timeoutMs: 30_000, allowFailure: true });
  write(`  ${image}  ${stdout.trim() || "(not found)"}`);
}
if (steps.failed > 0) {
  const { stdout } = await compose.run(["logs", "--no-color", "--tail", "40"], 60_000, { allowFailure: true }).catch(() => ({ stdout: "" }));
  write(`last log lines:\n${stdout}`);
}
await finish(steps.failed > 0 ? 1 : 0);

// ---------------------------------------------------------------------------------------

async function expectStatus(text: string, status: number): Promise<void> {
  const response = await postMessage(hookUrl, text);
  if (response.status !== status) throw new Error(`POST ${hookUrl} "${text}": ${response.status} ${response.body.slice(0, 200)}`);
}
