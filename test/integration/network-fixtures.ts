import type { AccountOptions } from "../harness/atheme.js";
import { freePort, Service, type Stack, type ServicesNetwork } from "../harness/index.js";

/** A registered-only channel (+R): only a bot logged in to its account gets in. */
export const MEMBERS_CHANNEL = "#members";

/** Starts the stack's InspIRCd + Atheme network, registers the bot's account and opens MEMBERS_CHANNEL (+R). */
export async function startServicesStack(stack: Stack, account: string, password: string, options: AccountOptions = {}): Promise<ServicesNetwork> {
  await stack.startInfrastructure();
  const network = stack.network;
  if (!network) throw new Error('the stack needs ircd: "inspircd-atheme"');
  await network.registerAccount(account, password, options);
  await stack.observer.join(MEMBERS_CHANNEL);
  stack.observer.send(`MODE ${MEMBERS_CHANNEL} +R`);
  return network;
}

/** A bot whose login services will refuse: started without waiting for a signon that never comes. */
export async function startRefusedBot(stack: Stack, network: ServicesNetwork, account: string, env: Readonly<Record<string, string>>): Promise<{ bot: Service; adminPort: number }> {
  const adminPort = await freePort();
  const bot = new Service("bot", {
    REDIS_URL: stack.redis.url, SERVER_HOST: network.host, SERVER_PORT: String(network.port), NICK: account, CHANNELS: stack.channel,
    ADMIN_PORT: String(adminPort), ...env,
  }).start();
  stack.services.push(bot);
  return { bot, adminPort };
}
