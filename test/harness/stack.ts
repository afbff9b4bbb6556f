import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { redisKeys } from "@helga/shared";
import { startServicesNetwork, type ServicesNetwork } from "./atheme.js";
import { freePort } from "./free-port.js";
import { IrcObserver } from "./irc-observer.js";
import { startInspircd } from "./inspircd.js";
import { startNgircd, type IrcServer } from "./ngircd.js";
import { startRedis, type RedisServer } from "./redis-server.js";
import { startRedisSentinel, type SentinelGroup } from "./redis-sentinel.js";
import { Service } from "./service.js";
import { waitUntil } from "./wait-until.js";

export interface StackOptions {
  /** Webhook files to write into a temp WEBHOOKS_PATH: relative path → content. */
  webhooks?: Readonly<Record<string, string>>;
  /** Extra settings for both services. */
  env?: Readonly<Record<string, string>>;
  channel?: string;
  /** Nick of the observer, which is also the OPERATORS setting unless env overrides it. */
  observerNick?: string;
  /**
   * The IRC server: ngircd (default; paces fast clients, never kicks; "-tls" adds a TLS port), InspIRCd that kicks
   * flooders ("Excess Flood"), or InspIRCd without flood limits (fast, for volume tests).
   */
  ircd?: "ngircd" | "ngircd-tls" | "inspircd" | "inspircd-nofakelag" | "inspircd-ircv3" | "inspircd-atheme";
  /** Redis as a master, a replica and three Sentinels (the services find it through REDIS_SENTINELS). */
  sentinel?: boolean;
}

/**
 * A whole deployment on loopback: real redis-server and ngircd, a real bot, gateways on demand,
 * and an observer connection in the channel. Call stop() in `after`.
 */
export class Stack {
  readonly channel: string;
  readonly webhooksPath: string;
  readonly gateways: Gateway[] = [];
  readonly services: Service[] = [];
  bot!: Service;
  observer!: IrcObserver;
  redis!: RedisServer;
  /** Set with the `sentinel` option; `redis` then follows the master through failovers. */
  sentinel: SentinelGroup | undefined;
  ircd!: IrcServer;
  /** With ircd "inspircd-atheme": the same server, with its services (accounts, certificates, a TLS port). */
  network: ServicesNetwork | undefined;
  private readonly baseEnv: Record<string, string> = {};

  constructor(private readonly options: StackOptions = {}) {
    this.channel = options.channel ?? "#helga-test";
    this.webhooksPath = mkdtempSync(join(tmpdir(), "helga-webhooks-"));
    for (const [file, content] of Object.entries(options.webhooks ?? {})) this.writeWebhook(file, content);
  }

  writeWebhook(file: string, content: string): void {
    const path = join(this.webhooksPath, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  get observerNick(): string {
    return this.options.observerNick ?? "watcher";
  }

  /** Starts Redis, the IRC server and the observer; the bot and gateways start separately. */
  async startInfrastructure(): Promise<this> {
    if (this.options.sentinel) {
      this.sentinel = await startRedisSentinel();
      this.redis = this.sentinel.asRedisServer();
    } else {
      this.redis = await startRedis();
    }
    this.ircd = this.options.ircd === "inspircd-atheme" ? (this.network = await startServicesNetwork()) : await startIrcServer(this.options.ircd ?? "ngircd");
    Object.assign(this.baseEnv, {
      REDIS_URL: this.redis.url,
      SERVER_HOST: this.ircd.host,
      SERVER_PORT: String(this.ircd.port),
      NICK: "helgabot",
      CHANNELS: this.channel,
      OPERATORS: this.observerNick,
      WEBHOOKS_PATH: this.webhooksPath,
      WEBHOOKS_HOST: "127.0.0.1",
      RATE_LIMIT: "0",
      ...this.sentinel?.env,
      ...this.options.env,
    });
    this.observer = new IrcObserver(this.observerNick, this.ircd.host, this.ircd.port);
    await this.observer.connect([this.channel]);
    return this;
  }

  /** Starts everything: infrastructure, the bot (waits for signon) and `gateways` gateways (wait for their listeners). */
  async start(gateways = 1): Promise<this> {
    await this.startInfrastructure();
    await this.startBot();
    for (let i = 0; i < gateways; i++) await this.startGateway();
    return this;
  }

  async startBot(env: Readonly<Record<string, string>> = {}): Promise<Service> {
    const adminPort = String(await freePort());
    this.bot = new Service("bot", { ...this.baseEnv, ADMIN_PORT: adminPort, ...env }).start();
    this.services.push(this.bot);
    await this.bot.waitForLog("irc registered", 20_000);
    // Signed on is not yet joined: wait until the state gateways read (client.channels) lists the channel.
    const stateKey = redisKeys(this.baseEnv.REDIS_PREFIX, env.NETWORK ?? this.baseEnv.NETWORK).botState;
    await waitUntil(`the bot's reported state to list ${this.channel}`, async () => {
      const state = await this.redis.client.get(stateKey);
      const channels = state ? (JSON.parse(state) as { channels?: string[] }).channels ?? [] : [];
      return channels.some((channel) => channel.toLowerCase() === this.channel.toLowerCase());
    }, 20_000);
    return this.bot;
  }

  /** Starts another bot replica and waits until it reports itself a standby (another replica holds the lease). */
  async startStandbyBot(env: Readonly<Record<string, string>> = {}): Promise<Service> {
    const service = new Service("bot", { ...this.baseEnv, ADMIN_PORT: String(await freePort()), ...env }, `bot:${env.BOT_ID ?? "standby"}`).start();
    this.services.push(service);
    await service.waitForLog("standby: another replica holds the bot lease", 20_000);
    return service;
  }

  /** Starts a gateway; waits until it listens unless `waitListening` is false (e.g. webhooks are stopped). */
  async startGateway(env: Readonly<Record<string, string>> = {}, waitListening = true): Promise<Gateway> {
    const port = await freePort();
    const adminPort = await freePort();
    const service = new Service("gateway", {
      ...this.baseEnv,
      WEBHOOKS_PORT: String(port),
      ADMIN_PORT: String(adminPort),
      GATEWAY_ID: `gw-${port}`,
      ...env,
    }, `gateway:${port}`).start();
    const gateway = Object.assign(service, { port, adminPort, url: `http://127.0.0.1:${port}` });
    this.gateways.push(gateway);
    this.services.push(gateway);
    if (waitListening) await gateway.waitForLog("webhooks listening", 20_000);
    return gateway;
  }

  async stop(): Promise<void> {
    this.observer?.close();
    await Promise.all(this.services.map((service) => service.stop("SIGKILL")));
    await this.ircd?.stop();
    await this.redis?.stop();
    rmSync(this.webhooksPath, { recursive: true, force: true });
  }
}

/** InspIRCd's IRCv3 modules for echo confirmation, and m_filter blocking "forbidden" (a 404 for one message in a channel). */
const INSPIRCD_IRCV3 = [
  ...["cap", "ircv3", "ircv3_echomessage", "ircv3_labeledresponse", "ircv3_batch", "ircv3_servertime", "ircv3_ctctags", "regex_glob", "filter"].map((name) => `<module name="${name}">`),
  '<filteropts engine="glob">',
  '<keyword pattern="*forbidden*" reason="no forbidden words" action="block" flags="p">',
];

function startIrcServer(kind: Exclude<NonNullable<StackOptions["ircd"]>, "inspircd-atheme">): Promise<IrcServer> {
  if (kind === "inspircd") return startInspircd({ limits: "kick-flooders" });
  if (kind === "inspircd-nofakelag") return startInspircd({ limits: "unlimited" });
  if (kind === "inspircd-ircv3") return startInspircd({ limits: "unlimited", extra: INSPIRCD_IRCV3 });
  return startNgircd({ tls: kind === "ngircd-tls" });
}

export type Gateway = Service & { readonly port: number; readonly adminPort: number; readonly url: string };
