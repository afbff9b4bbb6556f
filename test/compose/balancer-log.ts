import { parseHostPort } from "@helga/shared";

/**
 * Hosts that answered a `/hello` POST with 200, from the load balancer's access log
 * (nginx's `upstream=$upstream_addr`; after a retry the last address is the one that answered).
 */
export function answeringGateways(log: string): Set<string> {
  const answered = new Set<string>();
  for (const match of log.matchAll(/"POST \/hello\/\S+ HTTP\/[\d.]+" 200 .*?upstream=(.*?) ustatus=/g)) {
    answered.add(parseHostPort((match[1] ?? "").split(",").at(-1) ?? "").host);
  }
  return answered;
}
