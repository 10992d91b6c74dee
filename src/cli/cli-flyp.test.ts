// `cli train --method flyp [--proreg]` from the image files follows the FLYP reference trajectories
// (scripts/reference/flyp.py; within what photo.jpg's decode allows, as in cli-methods.test.ts), and the
// exported model carries the fine-tuned text tower and logit scale that its head.json was built from.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyClipDir } from '../testing/shared-fixtures';
import { readReference } from '../testing/method-reference';
import { parseSafetensors } from '../weights/safetensors';
import { cli, layoutReference } from '../testing/cli-run';

// photo.jpg decodes within 3/255 of libjpeg-turbo; the exact-pixel trajectories are held to 1e-3 in
// src/train/methods/flyp.test.ts.
const TOLERANCE = 5e-3;

interface Run { name: string; scope: string; loss: string; loss_trajectory: number[] }
const ref = readReference<Run>('flyp.json') as ReturnType<typeof readReference<Run>> & { lr: number; weight_decay: number };

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

describe('cli train --method flyp', () => {
  for (const name of ['flyp-last-1', 'flyp-head-proreg']) {
    it(`${name}: the reference trajectory, the fine-tuned text tower exported`, () => {
      const run = ref.runs.find((r) => r.name === name)!;
      const dir = layoutReference(ref);
      const metrics = join(dir, 'metrics.jsonl');
      const r = cli([
        'train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', metrics, '--out', join(dir, 'out'), '--backend', 'cpu',
        '--method', 'flyp', '--scope', run.scope, ...(run.loss === 'proreg' ? ['--proreg'] : []),
        '--epochs', String(ref.steps), '--batch-size', '8', '--lr-encoder', String(ref.lr), '--lr-head', String(ref.lr),
        '--schedule', 'constant', '--val-fraction', '0', '--template', ref.template,
      ]);
      expect(r.status, r.stderr).toBe(0);
      const got = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.kind === 'step');
      expect(got).toHaveLength(ref.steps);
      got.forEach((s, i) => expect(Math.abs(s.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(TOLERANCE));
      if (run.loss === 'proreg') expect(got[0].w).toBeGreaterThan(0);
      // The recipe's weight decay (0.1) applied, as the reference trained with it.
      expect(JSON.parse(readFileSync(join(dir, 'out', 'head.json'), 'utf8')).config.weightDecay).toBe(ref.weight_decay);
      const before = parseSafetensors(new Uint8Array(readFileSync(join(tinyClipDir, 'model.safetensors'))));
      const after = parseSafetensors(new Uint8Array(readFileSync(join(dir, 'out', 'model.safetensors'))));
      const head = JSON.parse(readFileSync(join(dir, 'out', 'head.json'), 'utf8'));
      expect(maxDiff(after.getFloat32('text_projection.weight'), before.getFloat32('text_projection.weight'))).toBeGreaterThan(1e-5);
      expect(after.getFloat32('logit_scale')[0]).toBeCloseTo(head.logit_scale, 6);
      expect(after.getFloat32('logit_scale')[0]).not.toBeCloseTo(before.getFloat32('logit_scale')[0], 6);
    });
  }

  it('defaults to the official recipe: both towers at 1e-5, weight decay 0.1, the cosine schedule with 500 warm-up steps, the full scope', () => {
    const dir = layoutReference(ref);
    const r = cli(['train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', join(dir, 'm.jsonl'), '--out', join(dir, 'out'), '--backend', 'cpu', '--method', 'flyp', '--epochs', '1', '--batch-size', '8', '--val-fraction', '0']);
    expect(r.status, r.stderr).toBe(0);
    const cfg = JSON.parse(readFileSync(join(dir, 'out', 'head.json'), 'utf8')).config;
    expect({ lrEncoder: cfg.lrEncoder, lrHead: cfg.lrHead, weightDecay: cfg.weightDecay, scope: cfg.scope, schedule: cfg.schedule, warmupSteps: cfg.warmupSteps })
      .toEqual({ lrEncoder: 1e-5, lrHead: 1e-5, weightDecay: 0.1, scope: 'full', schedule: 'cosine', warmupSteps: 500 });
    // cosine_lr's first step: 1e-5 * (0 + 1) / 500.
    const step = readFileSync(join(dir, 'm.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.kind === 'step');
    for (const lr of [step.lr_encoder, step.lr_head]) expect(Math.abs(lr - 1e-5 / 500) / (1e-5 / 500)).toBeLessThan(1e-7);
    // A one-step run never leaves the warm-up: the CLI says so, and what a tenth of the run would be.
    expect(r.stderr).toContain('note: --warmup-steps 500 is not shorter than the run\'s 1 step, so the learning rate stays below the rate asked; a tenth of the run would be --warmup-steps 1');
  });
});
