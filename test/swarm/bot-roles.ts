import { runCommand } from "../compose/run-command.js";
import type { SwarmStack } from "./swarm-stack.js";

/** Each running bot, and whether it holds the lease (`helga_bot_active 1` on its /metrics). */
export async function botRoles(stack: SwarmStack): Promise<Array<{ container: string; active: boolean }>> {
  const probe = "fetch('http://127.0.0.1:9091/metrics').then(r=>r.text()).then(t=>process.stdout.write(t),()=>{})";
  const roles = [];
  for (const task of await stack.tasks("bot")) {
    const { stdout } = await runCommand("docker", ["exec", task.container, "node", "-e", probe], { timeoutMs: 30_000, allowFailure: true });
    roles.push({ container: task.container, active: /^helga_bot_active(?:\{[^}]*\})? 1$/m.test(stdout) });
  }
  return roles;
}
