import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
