import { connect, createServer, type Server, type Socket } from "node:net";

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** One side closed while black-holed: the other closes once the relay forwards again. */
  closing: boolean;
}

/**
 * A TCP relay on a free loopback port in front of `host:port`, as a network path the test can
 * cut: black-holed, it keeps every socket open and drops every byte in both directions (a
 * frozen server, a NAT that forgot the flow); forwarding again, it passes bytes and the closes
 * that happened meanwhile.
 */
export class TcpRelay {
  readonly host = "127.0.0.1";
  readonly #pairs = new Set<Pair>();
  #forwarding = true;
  /** Passing requests but dropping every reply: the server acts on a command, the client never hears. */
  #repliesLost = false;
  #connections = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(host: string, port: number): Promise<TcpRelay> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("relay has no port");
    const relay = new TcpRelay(server, address.port);
    server.on("connection", (client) => relay.#relay(client, host, port));
    return relay;
  }

  /** Every byte the clients sent, in order (what the bot wrote to the server). */
  readonly sent: Buffer[] = [];

  /** Connections accepted so far. */
  get connections(): number {
    return this.#connections;
  }

  blackHole(): void {
    this.#forwarding = false;
  }

  forward(): void {
    this.#forwarding = true;
    for (const pair of this.#pairs) if (pair.closing) this.#close(pair);
  }

  /** Keeps passing the client's bytes to the server but drops the server's replies (until cut()). */
  loseReplies(): void {
    this.#repliesLost = true;
  }

  /** Closes every connection now (a server restart, as the client sees it); new ones are forwarded both ways. */
  cut(): void {
    this.#repliesLost = false;
    for (const pair of this.#pairs) this.#close(pair);
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) this.#close(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #relay(client: Socket, host: string, port: number): void {
    this.#connections += 1;
    const upstream = connect({ host, port });
    const pair: Pair = { client, upstream, closing: false };
    this.#pairs.add(pair);
    const pass = (to: Socket) => (chunk: Buffer) => {
      if (to === upstream) this.sent.push(chunk);
      if (this.#forwarding && !to.destroyed && !(to === client && this.#repliesLost)) to.write(chunk);
    };
    client.on("data", pass(upstream));
    upstream.on("data", pass(client));
    const closed = () => {
      if (this.#forwarding) this.#close(pair);
      else pair.closing = true;
    };
    for (const socket of [client, upstream]) {
      socket.on("error", () => undefined);
      socket.on("close", closed);
    }
  }

  #close(pair: Pair): void {
    this.#pairs.delete(pair);
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
