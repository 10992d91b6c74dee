// Running the studio's CLI and an exported PyTorch project side by side in tests: the CLI through tsx,
// train.py through Debian's PyTorch (/usr/bin/python3, or PROREG_TORCH_PYTHON), two processes through
// torchrun, and the metrics and logits files both write.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './shared-fixtures';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');
/** Debian's python3-torch lives with the system Python. */
export const torchPython = process.env.PROREG_TORCH_PYTHON ?? '/usr/bin/python3';

/**
 * torch 1.13's launcher cannot parse its own default "0" for --redirects and --tee on Python 3.11 (its
 * Std.from_str iterates the IntFlag, which on 3.11 no longer yields the zero member): any other value, here
 * through the launcher's PET_ variables, lets the command line stay `torchrun --nproc_per_node N train.py`.
 */
export const TORCHRUN_ENV = { PET_REDIRECTS: '1', PET_TEE: '1' };

export function runCommand(cmd: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return r.stdout;
}

/** `cli ARGS`, its stdout parsed as JSON. */
export const runCli = (args: string[]) => JSON.parse(runCommand(process.execPath, [tsx, '--import', loader, main, ...args]));

/** The exported train.py, one process; its summary line parsed. */
export const runTrainPy = (project: string, args: string[]) => JSON.parse(runCommand(torchPython, [join(project, 'train.py'), ...args]).trim().split('\n').at(-1)!);

/**
 * The exported train.py under `torchrun --nproc_per_node N` (the launcher as a module of the same Python),
 * standalone: on a free port of its own rather than the default 29500, which another torchrun on the same
 * machine may hold.
 */
export function runTorchrun(project: string, n: number, args: string[]): void {
  runCommand(torchPython, ['-m', 'torch.distributed.run', '--nproc_per_node', String(n), join(project, 'train.py'), ...args], { ...TORCHRUN_ENV, PET_STANDALONE: '1' });
}

export type MetricsLine = Record<string, unknown> & { kind: string; step: number; loss: number; splits: Record<string, { accuracy: number; count: number }> };
export const metricsLines = (f: string): MetricsLine[] => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** The final evaluation's logits per sample ({ids, logits}), as `cli train --logits` and train.py --logits write them. */
export interface FinalLogits {
  ids: number[];
  logits: number[][];
}
export const readLogits = (f: string): FinalLogits => JSON.parse(readFileSync(f, 'utf8'));

/** The largest difference of two runs' logits, relative to the largest logit's magnitude. */
export function logitsRelDiff(a: FinalLogits, b: FinalLogits): number {
  if (a.ids.join() !== b.ids.join()) throw new Error(`different samples: ${a.ids.join()} vs ${b.ids.join()}`);
  const scale = Math.max(...a.logits.flat().map(Math.abs));
  return Math.max(...a.logits.flatMap((row, i) => row.map((v, c) => Math.abs(v - b.logits[i][c])))) / scale;
}
