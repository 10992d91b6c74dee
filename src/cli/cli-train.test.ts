// `cli train` from image files on disk reproduces the reference trajectories within what preprocessing
// allows (the PNGs are pixel-exact; photo.jpg differs by up to 3/255 from libjpeg-turbo's decode), writes
// metrics as JSON lines, and exports a model that the loader and `cli embed` read back.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSharedJson, repoRoot, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');

function cli(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface Run { name: string; images: string[]; classes: string[]; template: string; labels: number[]; scope: string; alpha: number; optimizer: { lr_head: number; lr_encoder: number; weight_decay: number }; steps: number; trajectory: { loss: number; ce_mean: number }[] }
const { runs } = readSharedJson<{ runs: Run[] }>('fixtures', 'proreg-trajectories.json');

/** The run's images laid out as class folders under a fresh temp dir (outside the repo). */
function layout(run: Run): string {
  const dir = mkdtempSync(join(tmpdir(), 'proreg-train-'));
  run.images.forEach((img, i) => {
    const cls = join(dir, 'data', 'train', run.classes[run.labels[i]]);
    mkdirSync(cls, { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
  });
  return dir;
}

// Measured here: the largest relative loss difference over both runs is 4.2e-4 (full-encoder, step 4), all
// of it from photo.jpg's decode; the bound leaves room for other platforms' float rounding.
const TOLERANCE = 2e-3;

// Each test starts the CLI one or more times (10-60 s each on a loaded machine): a generous ceiling, not a timing check.
const SLOW = { timeout: 900_000 };

describe('cli train', SLOW, () => {
  for (const run of runs) {
    it(`${run.name}: the reference trajectory from the image files`, () => {
      const dir = layout(run);
      const metrics = join(dir, 'metrics.jsonl');
      const out = join(dir, 'out');
      const summary = cli([
        'train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', metrics, '--out', out,
        '--method', 'proreg', '--scope', run.scope === 'full' ? 'full' : 'head', '--alpha', String(run.alpha),
        '--epochs', String(run.steps), '--batch-size', '8', '--micro-batch', '8', '--lr-encoder', String(run.optimizer.lr_encoder),
        '--lr-head', String(run.optimizer.lr_head), '--weight-decay', String(run.optimizer.weight_decay), '--schedule', 'constant',
        '--val-fraction', '0', '--seed', '0', '--template', run.template,
      ]);
      const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const steps = lines.filter((l) => l.kind === 'step');
      expect(steps).toHaveLength(run.steps);
      steps.forEach((s, i) => {
        expect(s).toMatchObject({ step: i, epoch: i });
        for (const k of ['loss', 'ce', 'kl', 'w']) expect(typeof s[k]).toBe('number');
        const rel = Math.abs(s.loss - run.trajectory[i].loss) / run.trajectory[i].loss;
        if (process.env.PROREG_REPORT) process.stderr.write(`${run.name} step ${i} rel ${rel.toExponential(2)}\n`);
        expect(rel, `step ${i}`).toBeLessThan(TOLERANCE);
      });
      expect(lines.some((l) => l.kind === 'eval')).toBe(true);
      expect((summary.final as { splits: Record<string, { accuracy: number }> }).splits.train.accuracy).toBeGreaterThanOrEqual(0);
      for (const f of ['model.safetensors', 'config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json', 'head.json']) expect(existsSync(join(out, f)), f).toBe(true);
      const head = JSON.parse(readFileSync(join(out, 'head.json'), 'utf8'));
      expect(head.W).toHaveLength(4);
      // The exported model loads back and embeds; a full-encoder run changed the image tower.
      const texts = join(dir, 'texts.json');
      writeFileSync(texts, JSON.stringify(['a photo of a dog.']));
      const img = join(tinyClipReferenceDir, 'images', 'square.png');
      const before = cli(['embed', '--model', tinyClipDir, '--image', img]).image_embeds as number[][];
      const after = cli(['embed', '--model', out, '--image', img, '--texts-file', texts]);
      const diff = Math.max(...(after.image_embeds as number[][])[0].map((v, i) => Math.abs(v - before[0][i])));
      if (run.scope === 'full') expect(diff).toBeGreaterThan(1e-3);
      else expect(diff).toBeLessThan(1e-5);
    });
  }
});
