import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every common build. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds all cores spent busy (not idle or waiting for I/O) since boot, from /proc/stat. */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/**
 * CPU seconds each named process uses while `work` runs, plus "others": whatever else
 * kept the machine's cores busy meanwhile (other people's work skews every figure).
 */
export async function cpuDuring<T>(pids: Readonly<Record<string, number>>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const round = (seconds: number) => Math.round(seconds * 10) / 10;
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const machineBefore = machineBusySeconds();
  const result = await work();
  const used = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - before[name]!]));
  const ours = Object.values(used).reduce((sum, seconds) => sum + seconds, 0);
  const cpu = Object.fromEntries(Object.entries(used).map(([name, seconds]) => [name, round(seconds)]));
  return { result, cpu: { ...cpu, others: round(Math.max(0, machineBusySeconds() - machineBefore - ours)) } };
}
