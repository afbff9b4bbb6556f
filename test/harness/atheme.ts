import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { athemeConf, inspircdServicesConf, type ServicesNetworkLayout } from "./atheme-config.js";
import { freePort } from "./free-port.js";
import { IrcObserver } from "./irc-observer.js";
import type { IrcServer } from "./ngircd.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";
import { waitUntil } from "./wait-until.js";

/** InspIRCd 3 linked to Atheme 7.2: a network with real NickServ and SASL, plain and TLS ports. */
export interface ServicesNetwork extends IrcServer {
  readonly tlsPort: number;
  readonly services: ServerProcess;
  /** The folder of both servers' files; certificates the test makes may go here too. */
  readonly dir: string;
  /**
   * Registers `account` (also a nick) with NickServ, adds certificate fingerprints (SHA-256, hex)
   * to it, and with `enforce` has services take the nick from anyone not logged in to it.
   */
  registerAccount(account: string, password: string, options?: AccountOptions): Promise<void>;
}

export interface AccountOptions {
  readonly fingerprints?: readonly string[];
  readonly enforce?: boolean;
}

/** Starts the pair on free loopback ports in a temp folder and waits until services have linked. */
export async function startServicesNetwork(): Promise<ServicesNetwork> {
  const dir = mkdtempSync(join(tmpdir(), "helga-network-"));
  const layout: ServicesNetworkLayout = { dir, port: await freePort(), tlsPort: await freePort(), linkPort: await freePort(), linkPassword: "link-secret" };
  writeFileSync(join(dir, "motd"), "test\n");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
    "-keyout", join(dir, "server-key.pem"), "-out", join(dir, "server-cert.pem")], { stdio: "ignore" });
  writeFileSync(join(dir, "inspircd.conf"), inspircdServicesConf(layout));
  writeFileSync(join(dir, "atheme.conf"), athemeConf(layout));
  const ircd = await startServerProcess({
    label: `inspircd:${layout.port}`,
    command: "inspircd",
    args: ["--runasroot", "--nofork", "--config", join(dir, "inspircd.conf")],
    readyLine: "InspIRCd is now running",
    dir,
  });
  const services = await startServerProcess({
    label: `atheme:${layout.linkPort}`,
    command: "atheme-services",
    args: ["-n", "-c", join(dir, "atheme.conf"), "-l", join(dir, "atheme.log"), "-p", join(dir, "atheme.pid"), "-D", dir],
    readyLine: "finished synching with uplink",
    dir,
  }).catch(async (error: unknown) => {
    await ircd.stop();
    throw error;
  });
  const network = {
    host: "127.0.0.1",
    port: layout.port,
    tlsPort: layout.tlsPort,
    dir,
    services,
    process: ircd.process,
    restart: ircd.restart,
    async stop() {
      await services.process.stop("SIGKILL");
      await ircd.stop();
    },
    registerAccount: (account: string, password: string, options: AccountOptions = {}) => registerAccount(network, account, password, options),
  };
  return network;
}

/** Signs on as `account`, registers it through NickServ (fingerprints, enforcement), then quits so the bot can take the nick. */
async function registerAccount(network: IrcServer, account: string, password: string, { fingerprints = [], enforce = false }: AccountOptions): Promise<void> {
  const client = new IrcObserver(account, network.host, network.port);
  await client.connect();
  try {
    await askNickServ(client, `REGISTER ${password} ${account}@example.org`, /registered/i);
    for (const fingerprint of fingerprints) await askNickServ(client, `CERT ADD ${fingerprint}`, /added/i);
    if (enforce) await askNickServ(client, "SET ENFORCE ON", /ENFORCE.* has been set|enabled/i);
  } finally {
    client.send("QUIT :registered");
    client.close();
  }
}

/** Sends a NickServ command and waits for its notice matching `success`; any other answer fails with NickServ's words. */
async function askNickServ(client: IrcObserver, command: string, success: RegExp): Promise<void> {
  const start = client.lines.length;
  client.say("NickServ", command);
  const answer = await waitUntil(`NickServ's answer to ${command.split(" ")[0]}`, () =>
    client.lines.slice(start).find((line) => line.command === "NOTICE" && line.from === "NickServ"), 10_000);
  const text = answer.params[1] ?? "";
  if (!success.test(text)) throw new Error(`NickServ refused ${command.split(" ")[0]}: ${text}`);
}

/** The SHA-256 fingerprint of a PEM certificate, as InspIRCd's m_sslinfo reports it to services (lowercase hex, no colons). */
export function certificateFingerprint(certFile: string): string {
  const out = execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha256", "-in", certFile], { encoding: "utf8" });
  return (out.split("=")[1] ?? "").trim().replace(/:/g, "").toLowerCase();
}

/** A client certificate and key (`<name>.pem`, `<name>.key`) in `dir`; returns their paths. */
export function makeClientCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${name}`, "-days", "1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  readFileSync(cert); // made, or execFileSync threw
  return { cert, key };
}

/** The services account WHOIS shows for `nick` (numeric 330), or undefined when it shows none. */
export async function whoisAccount(observer: IrcObserver, nick: string): Promise<string | undefined> {
  const start = observer.lines.length;
  observer.send(`WHOIS ${nick}`);
  await waitUntil(`WHOIS ${nick}`, () => observer.lines.slice(start).some((line) => line.command === "318"));
  return observer.lines.slice(start).find((line) => line.command === "330")?.params[2];
}
