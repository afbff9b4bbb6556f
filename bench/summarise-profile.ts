import { readFileSync } from "node:fs";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

export interface ProfileSummary {
  /** Share of busy (non-idle) samples by area: our code, ioredis, pino, node internals… */
  readonly areas: ReadonlyArray<readonly [area: string, percent: number]>;
  /** The functions with the most self time, as a share of busy samples. */
  readonly functions: ReadonlyArray<readonly [name: string, percent: number]>;
  /** Steps of a request with the busy time spent in them and everything they called. */
  readonly steps: ReadonlyArray<readonly [step: string, percent: number]>;
  /** Share of all samples the process was idle. */
  readonly idlePercent: number;
}

/** Steps of the gateway's request path, recognised by a frame anywhere on the stack. */
const STEPS: ReadonlyArray<readonly [string, (frame: CallFrame) => boolean]> = [
  ["node parsing requests and dispatching them", (f) => f.functionName === "parserOnHeadersComplete"],
  ["the gateway's HTTP adapter (body, core, response)", (f) => f.url.endsWith("/gateway/dist/http/express-adapter.js")],
  ["route handler, client.msg included", (f) => f.functionName === "runInWebhook"],
  ["client.msg → Redis EVAL/XADD (ioredis)", (f) => f.functionName === "appendToOutbox"],
  ["Redis replies read and parsed (ioredis)", (f) => f.url.includes("node_modules/ioredis/built/DataHandler") || f.url.includes("node_modules/redis-parser/")],
  ["command validation (zod, encodeOutboxCommand)", (f) => f.functionName === "encodeOutboxCommand"],
  ["access log + request metrics", (f) => f.url.endsWith("/gateway/dist/metrics/observe-requests.js")],
  ["log writes to stdout (sonic-boom)", (f) => f.url.includes("node_modules/sonic-boom/")],
  ["a pino child logger per request", (f) => f.functionName === "child" && f.url.includes("node_modules/pino/")],
  ["reading the request body", (f) => f.functionName === "readBody"],
  ["writing the response (ServerResponse.end)", (f) => f.functionName === "end" && f.url === "node:_http_outgoing"],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
];

const AREAS: ReadonlyArray<readonly [string, RegExp]> = [
  ["gateway (ours)", /\/gateway\/dist\//],
  ["shared (ours)", /\/shared\/dist\//],
  ["webhook code", /helga-(webhooks|bench)-/],
  ["ioredis", /node_modules\/(ioredis|redis-parser|@ioredis|denque|cluster-key-slot)/],
  ["pino (logging)", /node_modules\/(pino|sonic-boom|fast-redact|thread-stream|quick-format-unescaped|fast-safe-stringify)/],
  ["prom-client (metrics)", /node_modules\/(prom-client|tdigest|bintrees)/],
  ["zod (validation)", /node_modules\/zod/],
  ["tsx (loader)", /node_modules\/tsx/],
  ["other packages", /node_modules\//],
  ["node http/net/streams", /^node:/],
];

/** Reads a `node --cpu-prof` file and says where the busy time went. */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const bySteps = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += count;
      continue;
    }
    busy += count;
    for (const [step, matches] of STEPS) {
      for (let at: number | undefined = node.id; at !== undefined; at = parents.get(at)) {
        if (matches(nodes.get(at)!.callFrame)) {
          bySteps.set(step, (bySteps.get(step) ?? 0) + count);
          break;
        }
      }
    }
    const area = functionName === "(garbage collector)" ? "garbage collection"
      : url === "" ? "V8/native (no source)"
      : AREAS.find(([, pattern]) => pattern.test(url))?.[0] ?? "other";
    byArea.set(area, (byArea.get(area) ?? 0) + count);
    const where = url === "" ? "" : ` ${url.replace(/^.*\/(node_modules\/|dist\/)/, "$1")}:${lineNumber + 1}`;
    const name = `${functionName || "(anonymous)"}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const share = (entries: Map<string, number>) =>
    [...entries].sort((a, b) => b[1] - a[1]).map(([name, count]) => [name, Math.round((count / busy) * 1000) / 10] as const);
  return {
    steps: STEPS.map(([step]) => [step, Math.round(((bySteps.get(step) ?? 0) / busy) * 1000) / 10] as const),
    areas: share(byArea),
    functions: share(byFunction).slice(0, top),
    idlePercent: Math.round((idle / (idle + busy)) * 1000) / 10,
  };
}
