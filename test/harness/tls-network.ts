import { rmSync } from "node:fs";
import { startTlsInspircd, type CertificateFiles, type TlsInspircd } from "./inspircd-tls.js";
import { IrcObserver } from "./irc-observer.js";
import { startRedis, type RedisServer } from "./redis-server.js";
import { Service } from "./service.js";
import { makeTestCertificates, type TestCertificates } from "./test-certificates.js";

/** A private CA's certificates, InspIRCd serving them over TLS, Redis, and an observer (plain) in `channel`. */
export class TlsNetwork {
  readonly bots: Service[] = [];
  #runs = 0;

  private constructor(
    readonly channel: string,
    readonly certs: TestCertificates,
    readonly ircd: TlsInspircd,
    readonly redis: RedisServer,
    readonly observer: IrcObserver,
  ) {}

  /** `profiles` picks the certificates served (each on its own TLS port); `extra` adds InspIRCd configuration. */
  static async start(
    channel: string,
    profiles: (certs: TestCertificates) => Readonly<Record<string, CertificateFiles>>,
    extra?: Parameters<typeof startTlsInspircd>[1],
  ): Promise<TlsNetwork> {
    const certs = makeTestCertificates();
    const ircd = await startTlsInspircd(profiles(certs), extra);
    const redis = await startRedis();
    const observer = new IrcObserver("watcher", ircd.host, ircd.port);
    await observer.connect([channel]);
    return new TlsNetwork(channel, certs, ircd, redis, observer);
  }

  /** A bot connecting to `localhost` as `nick`, with its own Redis prefix (no lease shared) unless `env` names one. */
  startBot(nick: string, env: Readonly<Record<string, string>>): Service {
    this.#runs += 1;
    const bot = new Service("bot", {
      REDIS_URL: this.redis.url, REDIS_PREFIX: `tls${this.#runs}`, SERVER_HOST: "localhost",
      NICK: nick, CHANNELS: this.channel, ADMIN_PORT: "0", ...env,
    }, `bot:${nick}`).start();
    this.bots.push(bot);
    return bot;
  }

  async hasJoined(nick: string): Promise<boolean> {
    return (await this.observer.names(this.channel)).includes(nick);
  }

  async stop(): Promise<void> {
    this.observer.close();
    await Promise.all(this.bots.map((bot) => bot.stop("SIGKILL")));
    await this.ircd.stop();
    await this.redis.stop();
    rmSync(this.certs.dir, { recursive: true, force: true });
  }
}
