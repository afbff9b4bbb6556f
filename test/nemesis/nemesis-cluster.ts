import { redisKeys } from "@helga/shared";
import { IrcObserver, Service, Stack, TcpRelay, waitUntil, type IrcLine, type StackOptions } from "../harness/index.js";
import type { RedisNode } from "../harness/redis-sentinel.js";
import { SAY_WEBHOOK } from "../integration/fixtures.js";

/** A bot replica: its own BOT_ID, restarted whenever its process ends; each process has a nick of its own (`<nick><run>`), so the observer can tell which one wrote a line. */
export interface Replica {
  readonly id: string;
  readonly nick: string;
  service: Service;
  /** Every process this replica ran, oldest first (their logs tell when each held the lease). */
  readonly runs: Service[];
}

export interface ClusterOptions {
  readonly leaseMs: number;
  /** Redis as master + 2 replicas + 3 Sentinels, REDIS_MIN_REPLICAS=1; otherwise one redis-server. */
  readonly sentinel: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The deployment the nemesis runs against, on loopback: gateways, two bot replicas (one on
 * standby), Redis, InspIRCd without fakelag with the bots' connections through a TCP relay
 * the nemesis can black-hole, and an observer in the channel. Like an orchestrator, it
 * restarts a bot replica whose process ended (a SIGKILL, or a step-down after a lost lease).
 */
export class NemesisCluster {
  readonly stack: Stack;
  readonly replicas: Replica[] = [];
  relay!: TcpRelay;
  /** Every observer connection, in order (a new one after each IRC server restart). */
  readonly observers: IrcObserver[] = [];
  readonly #leaseKey = redisKeys(undefined).botLease;
  #supervisor: NodeJS.Timeout | undefined;

  constructor(readonly options: ClusterOptions) {
    const env = { BOT_LEASE_MS: String(options.leaseMs), IRC_PING_INTERVAL: "2", IRC_PING_TIMEOUT: "4", ...options.env };
    const sentinelEnv = options.sentinel ? { REDIS_MIN_REPLICAS: "1", REDIS_REPLICA_TIMEOUT: "500" } : {};
    const stackOptions: StackOptions = { webhooks: { "say.ts": SAY_WEBHOOK }, ircd: "inspircd-nofakelag", sentinel: options.sentinel, env: { ...env, ...sentinelEnv } };
    this.stack = new Stack(stackOptions);
  }

  async start(gateways: number): Promise<this> {
    const { stack } = this;
    await stack.startInfrastructure();
    this.observers.push(stack.observer);
    this.relay = await TcpRelay.start(stack.ircd.host, stack.ircd.port);
    const through = { SERVER_PORT: String(this.relay.port) };
    const a = await stack.startBot({ ...through, BOT_ID: "bot-a", NICK: "helgaA0" });
    this.replicas.push({ id: "bot-a", nick: "helgaA", service: a, runs: [a] });
    const b = await stack.startStandbyBot({ ...through, BOT_ID: "bot-b", NICK: "helgaB0" });
    this.replicas.push({ id: "bot-b", nick: "helgaB", service: b, runs: [b] });
    for (let i = 0; i < gateways; i++) await stack.startGateway();
    this.#supervisor = setInterval(() => this.#restartEnded(), 200);
    return this;
  }

  /** The replica holding the lease now, as Redis says (undefined between holders). */
  async activeReplica(): Promise<Replica | undefined> {
    const value = await this.stack.redis.client.get(this.#leaseKey);
    const holder = value?.split(" ")[1];
    return this.replicas.find((replica) => replica.id === holder);
  }

  /** Waits until a replica holds the lease and is signed on. */
  async waitForActive(timeoutMs = 60_000): Promise<Replica> {
    return waitUntil("a bot replica to hold the lease", async () => {
      const replica = await this.activeReplica();
      return replica?.service.process.running ? replica : undefined;
    }, timeoutMs, 100);
  }

  /** Waits until the replica's current process (the supervisor may be replacing it) is up as a standby (its /metrics say not active). */
  async waitForStandby(replica: Replica, timeoutMs = 30_000): Promise<void> {
    await waitUntil(`${replica.id} to wait as a standby`, async () => {
      const { service } = replica;
      if (!service.process.running) return false;
      const metrics = await fetch(`http://127.0.0.1:${service.env.ADMIN_PORT}/metrics`).then((answer) => answer.text(), () => "");
      return /^helga_bot_active(\{[^}]*\})? 0$/m.test(metrics);
    }, timeoutMs, 100);
  }

  /** The Redis node the Sentinels name master now (with Sentinel only). */
  async masterNode(): Promise<RedisNode> {
    const sentinel = this.stack.sentinel;
    if (!sentinel) throw new Error("no Sentinel group in this cluster");
    const port = await sentinel.currentMasterPort();
    const node = [sentinel.master, ...sentinel.replicas].find((candidate) => candidate.port === port);
    if (!node) throw new Error(`no node on the master's port ${port}`);
    return node;
  }

  /** Restarts the IRC server; the observer reconnects before the bots can (their path is cut meanwhile). */
  async restartIrcServer(): Promise<void> {
    this.relay.blackHole();
    await new Promise((resolve) => setTimeout(resolve, 500)); // what was in flight reaches the observer first
    this.stack.observer.close();
    await this.stack.ircd.restart("SIGTERM");
    const observer = new IrcObserver(this.stack.observerNick, this.stack.ircd.host, this.stack.ircd.port);
    await observer.connect([this.stack.channel]);
    this.stack.observer = observer;
    this.observers.push(observer);
    this.relay.forward();
  }

  /** PRIVMSGs to the channel from the bots, across every observer connection. */
  deliveries(): IrcLine[] {
    const channel = this.stack.channel.toLowerCase();
    return this.observers.flatMap((observer) => observer.lines.filter((line) => line.command === "PRIVMSG" && line.params[0]?.toLowerCase() === channel && this.replicas.some((r) => line.from?.startsWith(r.nick))));
  }

  /** IRC sign-ons of every bot process so far: each one past the first replaced a connection that was lost. */
  registrations(): number {
    return this.replicas.flatMap((replica) => replica.runs).reduce((sum, run) => sum + run.logs().filter((line) => line.msg === "irc registered").length, 0);
  }

  /** Processes (bots, gateways) that should be up but are not, or do not answer on their admin port. */
  async wedged(): Promise<string[]> {
    const services = [...this.replicas.map((replica) => replica.service), ...this.stack.gateways];
    const problems: string[] = [];
    for (const service of services) {
      const label = service.process.label;
      if (!service.process.running) problems.push(`${label} not running`);
      else {
        const answer = await fetch(`http://127.0.0.1:${service.env.ADMIN_PORT}/metrics`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        if (answer?.status !== 200) problems.push(`${label} does not answer /metrics`);
      }
    }
    return problems;
  }

  async stop(): Promise<void> {
    clearInterval(this.#supervisor);
    // A paused replica must wake to be stopped; one that has exited meanwhile (a fenced bot exits 75) needs nothing.
    for (const replica of this.replicas) if (replica.service.process.running) resume(replica.service.process.pid);
    for (const observer of this.observers) observer.close();
    await this.relay?.close();
    await this.stack.stop();
  }

  #restartEnded(): void {
    for (const replica of this.replicas) {
      if (replica.service.process.running) continue;
      const next = new Service("bot", { ...replica.service.env, NICK: `${replica.nick}${replica.runs.length}` }, `bot:${replica.id}`).start();
      replica.service = next;
      replica.runs.push(next);
      this.stack.services.push(next);
    }
  }
}

function resume(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGCONT");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error; // exited between the check and the signal
  }
}
