// Whether a registered server process still exists, asked of the operating system when the process ran
// on this machine. A kill -9 leaves no chance to say goodbye: without this, a restarted desk would wait
// for the dead process's heartbeat to go stale before sending what it held.
import fs from 'node:fs';
import os from 'node:os';

const instancesOfThisProcess = new Set<string>();

/** Marks an instance id as run by this process while it runs, so it is never judged an earlier life. */
export function runsInThisProcess(id: string): () => void {
  instancesOfThisProcess.add(id);
  return () => instancesOfThisProcess.delete(id);
}

/**
 * Where a process id names one process: on Linux the kernel's boot id and the PID namespace, so two
 * containers that both run as pid 1 under one hostname, or one machine before and after a reboot, are
 * told apart; elsewhere the host name. Processes of different scopes are judged by heartbeat alone.
 */
export function processScope(): string {
  try {
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const namespace = fs.readlinkSync('/proc/self/ns/pid');
    return `linux:${boot}:${namespace}`;
  } catch {
    return `host:${os.hostname()}`;
  }
}

/**
 * True only when the process certainly no longer runs: no such process, or a zombie waiting to be
 * reaped. A process of another scope, one we may not signal, or a reused pid count as alive, which
 * leaves the judgement to the heartbeat; never the other way round.
 */
export function processIsGone(record: { readonly id: string; readonly processScope: string; readonly pid: number }, scope: string): boolean {
  if (record.processScope !== scope) return false;
  // Our own pid: an instance this process runs (several desks can share one process, as tests and
  // embedding applications do), or an earlier life of this pid (pid 1 of a container restarted in place).
  if (record.pid === process.pid) return !instancesOfThisProcess.has(record.id);
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(record.pid);
}

function isZombie(pid: number): boolean {
  try {
    // "pid (comm) S …": the state follows the last parenthesis (a command name may contain one).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}
