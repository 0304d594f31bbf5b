import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on practically every Linux). */
export const CLOCK_TICKS: number = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in clock ticks (all its threads). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // fields 14 (utime) and 15 (stime)
}

/** Resident set size of a process in kB (VmRSS). */
export function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** Busy and total clock ticks of the whole machine, summed over all cores (/proc/stat "cpu" line). */
export function machineTicks(): { busy: number; total: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + (steal || 0);
  return { busy, total: busy + idle + (iowait || 0), steal: steal || 0 };
}

/** What the whole machine did during a measured interval, in % of one core. */
export interface MachineUsage {
  busyPercent: number;
  stealPercent: number;
}

export interface ProcessUsage {
  /** Percentage of one core over the measured interval. */
  cpuPercent: number;
  /** CPU seconds used in the interval. */
  cpuSeconds: number;
  peakRssMb: number;
}

/**
 * Measures processes from start() to stop(): CPU time from /proc/<pid>/stat, peak VmRSS sampled
 * every `intervalMs`.
 */
export class UsageMonitor {
  private readonly startTicks = new Map<number, number>();
  private readonly peakKb = new Map<number, number>();
  private startedAt = 0;
  private startMachine = machineTicks();
  /** Whole-machine usage of the last start()..stop() interval. */
  machine: MachineUsage = { busyPercent: 0, stealPercent: 0 };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pids: number[],
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.startMachine = machineTicks();
    for (const pid of this.pids) {
      this.startTicks.set(pid, cpuTicks(pid));
      this.peakKb.set(pid, rssKb(pid));
    }
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): Map<number, ProcessUsage> {
    clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const end = machineTicks();
    this.machine = {
      busyPercent: ((end.busy - this.startMachine.busy) / CLOCK_TICKS / seconds) * 100,
      stealPercent: ((end.steal - this.startMachine.steal) / CLOCK_TICKS / seconds) * 100,
    };
    const out = new Map<number, ProcessUsage>();
    for (const pid of this.pids) {
      const cpuSeconds = (cpuTicks(pid) - this.startTicks.get(pid)!) / CLOCK_TICKS;
      out.set(pid, { cpuSeconds, cpuPercent: (cpuSeconds / seconds) * 100, peakRssMb: this.peakKb.get(pid)! / 1024 });
    }
    return out;
  }

  private sample(): void {
    for (const pid of this.pids) {
      try {
        this.peakKb.set(pid, Math.max(this.peakKb.get(pid) ?? 0, rssKb(pid)));
      } catch {
        // the process is gone; the run will fail on its own
      }
    }
  }
}

/** Start time of a process in clock ticks after boot (/proc/<pid>/stat field 22). */
function startTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** Seconds since boot, in clock ticks (the clock of process start times). */
function uptimeTicks(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * CLOCK_TICKS;
}

/** Every process's pid with its command line (arguments joined by spaces), as /proc shows them now. */
export function processTitles(): { pid: number; title: string }[] {
  const out: { pid: number; title: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.push({ pid: Number(entry), title: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The PostgreSQL server processes on this machine, from their process titles: the backends
 * serving `database` ("postgres: 15/main: <user> <database> <client> <state>"), and the
 * server's own background processes (WAL writer, checkpointer, …), which every database shares.
 */
export function postgresProcesses(database: string): { backends: number[]; background: number[] } {
  const backends: number[] = [];
  const background: number[] = [];
  for (const { pid, title } of processTitles()) {
    const match = /^postgres: [^:]+: (.*)$/.exec(title);
    if (!match) continue;
    const words = match[1].split(/\s+/);
    if (words.length >= 3 && /\(\d+\)$|^\[local\]$/.test(words[2])) {
      if (words[1] === database) backends.push(pid);
    } else {
      background.push(pid);
    }
  }
  return { backends, background };
}

/**
 * CPU of a changing set of processes (e.g. the database backends of one database, which come and
 * go with their client's connection pool) from start() to stop(): the set is listed again at
 * every sample; a process that started during the interval counts from zero, one that ended
 * counts up to its last sample.
 */
export class ProcessGroupMonitor {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private startedAt = 0;
  private startedAtTicks = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly list: () => number[],
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.startedAtTicks = uptimeTicks();
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
  }

  /** CPU of the group over the interval, and how many processes it had. */
  stop(): { cpuSeconds: number; cpuPercent: number; processes: number } {
    clearInterval(this.timer);
    this.sample(false);
    const seconds = (performance.now() - this.startedAt) / 1000;
    let ticks = 0;
    for (const [pid, end] of this.last) ticks += end - (this.first.get(pid) ?? 0);
    const cpuSeconds = ticks / CLOCK_TICKS;
    return { cpuSeconds, cpuPercent: (cpuSeconds / seconds) * 100, processes: this.last.size };
  }

  private sample(atStart: boolean): void {
    let pids: number[];
    try {
      pids = this.list();
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const ticks = cpuTicks(pid);
        if (!this.first.has(pid)) {
          // Seen for the first time: its whole CPU counts if it started during the interval.
          this.first.set(pid, atStart || startTicks(pid) < this.startedAtTicks ? ticks : 0);
        }
        this.last.set(pid, ticks);
      } catch {
        // gone meanwhile: counts up to its last sample
      }
    }
  }
}
