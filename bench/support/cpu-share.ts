import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Who used the machine's CPU while a measurement ran, read from Linux's /proc: this process
 * (the API), each process it started (worker, Temporal dev server, load generator), all of
 * PostgreSQL, and the rest of the machine (other people's work included). In cores, so that
 * "2.0 of 2" reads as a saturated machine.
 */
export interface CpuShare {
  cores: number;
  machineBusyCores: number;
  byProcess: Record<string, number>;
  /** Busy cores not accounted for above. */
  otherCores: number;
  loadAverage1m: number;
}

/** Linux's USER_HZ: /proc reports process times in these ticks on every common architecture. */
const ticksPerSecond = 100;

export function watchCpu(): { stop(): CpuShare } {
  const startedAt = performance.now();
  const machineBefore = machineTicks();
  const before = processTicks();
  return {
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      const machineAfter = machineTicks();
      const after = processTicks();
      const byProcess: Record<string, number> = {};
      for (const [pid, { label, ticks }] of after) {
        const earlier = before.get(pid);
        // The label from the start: a child on its way out may no longer show its command line.
        const name = earlier?.label ?? label;
        byProcess[name] = (byProcess[name] ?? 0) + (ticks - (earlier?.ticks ?? 0)) / ticksPerSecond / seconds;
      }
      const busyShare = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
      const machineBusyCores = busyShare * machineAfter.cores;
      const accounted = Object.values(byProcess).reduce((sum, cores) => sum + cores, 0);
      return {
        cores: machineAfter.cores,
        machineBusyCores: round(machineBusyCores),
        byProcess: Object.fromEntries(Object.entries(byProcess).map(([label, cores]) => [label, round(cores)])),
        otherCores: round(Math.max(0, machineBusyCores - accounted)),
        loadAverage1m: round(os.loadavg()[0] ?? 0),
      };
    },
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

function machineTicks(): { busy: number; total: number; cores: number } {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const [, ...fields] = lines[0]!.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total, cores: lines.filter((line) => /^cpu\d/.test(line)).length };
}

/** This process, its children, and PostgreSQL's processes, by pid. */
function processTicks(): Map<number, { label: string; ticks: number }> {
  const found = new Map<number, { label: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields after the command name: state, ppid, ..., utime (12th), stime (13th).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(rest[1]);
      const ticks = Number(rest[11]) + Number(rest[12]);
      const label = labelOf(pid, ppid, comm);
      if (label) found.set(pid, { label, ticks });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return found;
}

function labelOf(pid: number, ppid: number, comm: string): string | undefined {
  if (pid === process.pid) return 'http server (bench process)';
  if (comm === 'postgres') return 'postgres (all databases)';
  if (ppid !== process.pid) return undefined;
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (commandLine.includes('worker-process')) return 'worker';
  if (commandLine.includes('api-load-process')) return 'load generator';
  if (comm === 'temporal' || commandLine.includes('start-dev')) return 'temporal dev server';
  return comm;
}
