import { hostname } from "node:os";

/** GATEWAY_ID when set (compose can pass the replica name), else host-pid, unique per process. */
export function gatewayId(env: NodeJS.ProcessEnv = process.env, pid = process.pid): string {
  return env.GATEWAY_ID?.trim() || `${hostname()}-${pid}`;
}
