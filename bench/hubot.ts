/**
 * The bot people would pick instead: Hubot 2.19 with hubot-irc 0.2.9 (one process, no queue),
 * installed on demand from npm into a temporary folder (never into this repository) and
 * answering the same request as the gateway's bench route.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManagedProcess } from "../test/harness/index.js";

export const HUBOT_PACKAGES = ["hubot@2.19.0", "hubot-irc@0.2.9", "coffee-script@1.12.7"] as const;

/** Kept between runs (an install takes ~30 s); outside the repository. */
const INSTALL_DIR = join(tmpdir(), "helga-bench-hubot-2.19.0");
const INSTALL_TIMEOUT_MS = 300_000;

/** POST /say/:channel with {"text": …} → a PRIVMSG to #channel, then "Message Sent": the gateway's bench route, in Hubot. */
const SAY_SCRIPT = `module.exports = (robot) => {
  robot.router.post("/say/:channel", (req, res) => {
    robot.messageRoom("#" + req.params.channel, String((req.body && req.body.text) || ""));
    res.send("Message Sent");
  });
};
`;

/** The install folder, or why Hubot could not be installed (the bench then skips its rows). */
export async function installHubot(): Promise<{ dir: string } | { skipped: string }> {
  const installed = () => HUBOT_PACKAGES.every((spec) => existsSync(join(INSTALL_DIR, "node_modules", spec.slice(0, spec.lastIndexOf("@")), "package.json")));
  if (installed()) return { dir: INSTALL_DIR };
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(join(INSTALL_DIR, "package.json"), JSON.stringify({ private: true, description: "helga-webhooks bench: Hubot for comparison" }));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const outcome = await new Promise<string | undefined>((resolve) => {
    const child = spawn(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error", ...HUBOT_PACKAGES], { cwd: INSTALL_DIR, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    child.on("error", (error) => resolve(error.message));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : `npm install exited with ${signal ?? code}: ${stderr.trim().split("\n").at(-1) ?? ""}`);
    });
  });
  if (outcome !== undefined) return { skipped: outcome };
  return installed() ? { dir: INSTALL_DIR } : { skipped: "npm install finished but the packages are missing" };
}

export interface HubotOptions {
  readonly dir: string;
  readonly ircHost: string;
  readonly ircPort: number;
  readonly nick: string;
  readonly rooms: readonly string[];
  readonly httpPort: number;
}

/** Starts Hubot with the IRC adapter and the say script; wait for its JOIN before loading it. */
export function startHubot({ dir, ircHost, ircPort, nick, rooms, httpPort }: HubotOptions): ManagedProcess {
  const scripts = join(dir, "scripts");
  mkdirSync(scripts, { recursive: true });
  writeFileSync(join(scripts, "bench-say.js"), SAY_SCRIPT);
  const env = {
    PATH: process.env.PATH ?? "",
    HUBOT_IRC_SERVER: ircHost,
    HUBOT_IRC_PORT: String(ircPort),
    HUBOT_IRC_NICK: nick,
    HUBOT_IRC_ROOMS: rooms.join(","),
    HUBOT_LOG_LEVEL: "info",
    EXPRESS_PORT: String(httpPort),
    EXPRESS_BIND_ADDRESS: "127.0.0.1",
  };
  const coffee = join(dir, "node_modules/coffee-script/bin/coffee");
  const hubot = join(dir, "node_modules/hubot/bin/hubot");
  const proc = new ManagedProcess("hubot", process.execPath, [coffee, hubot, "--adapter", "irc", "--name", nick], env, dir);
  proc.start();
  return proc;
}
