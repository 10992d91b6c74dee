// Runs the CLI as a person does (node + tsx on src/cli/main.ts) and lays the method references' images
// out as class folders, for the CLI tests of the training methods.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, tinyClipReferenceDir } from './shared-fixtures';
import type { ReferenceFile } from './method-reference';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');

export function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
}

/** The reference images as class folders under a fresh temp dir. */
export function layoutReference(ref: ReferenceFile<unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'proreg-methods-'));
  ref.images.forEach((img, i) => {
    const cls = join(dir, 'data', 'train', ref.classes[ref.labels[i]]);
    mkdirSync(cls, { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
  });
  return dir;
}
