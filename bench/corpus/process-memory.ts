// The memory of a Chromium's renderer processes, read from /proc (Linux): the page's renderer holds its
// main thread and every dedicated worker (the engine, its preprocessing workers), so its peak resident set
// (VmHWM) is the tab's peak, decoded bitmaps and WASM heaps included, which JS heap figures leave out.
import { readdirSync, readFileSync } from 'node:fs';

/** Command lines by pid. Chromium rewrites its argv into one string, so it is searched as a whole. */
function commandLines(): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Renderer processes of the Chromium started with `--user-data-dir=<userDataDir>`. */
export function rendererPids(userDataDir: string): number[] {
  return [...commandLines()].filter(([, cmd]) => cmd.includes('--type=renderer') && cmd.includes(`--user-data-dir=${userDataDir} `)).map(([pid]) => pid);
}

/** The largest renderer's peak and current resident memory, MB (the studio's tab; spare renderers are small). */
export function rendererMemoryMb(userDataDir: string): { peakMb: number; rssMb: number } | null {
  let best: { peakMb: number; rssMb: number } | null = null;
  for (const pid of rendererPids(userDataDir)) {
    try {
      const peakMb = statusKb(pid, 'VmHWM') / 1024;
      if (!best || peakMb > best.peakMb) best = { peakMb, rssMb: statusKb(pid, 'VmRSS') / 1024 };
    } catch {
      /* exited */
    }
  }
  return best;
}
