// `cli train --method coop ...` from the image files follows the CoOp reference trajectory (within what
// photo.jpg's decode allows, as in cli-train.test.ts), with --init supplying the reference's random start.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { readReference, type ReferenceFile } from '../testing/method-reference';
import { cli, layoutReference } from '../testing/cli-run';

// photo.jpg decodes within 3/255 of libjpeg-turbo (cli-train.test.ts); measured here: up to 2.2e-3
// (class-random-proreg, step 8: ProReg's p_t^10 weight magnifies the decode's difference). The exact-pixel
// trajectories are held to 1e-3 in src/train/methods/coop.test.ts.
const TOLERANCE = 5e-3;

interface CoopRun { name: string; context: string; tokens: number; init: string; optimizer: string; lr: number; weight_decay: number; loss: string; layout: string; init_ctx: number[][][]; loss_trajectory: number[] }
const coop = readReference<CoopRun>('coop.json');
interface AdapterRun { name: string; lr: number; weight_decay: number; init: unknown; loss_trajectory: number[]; search: { heldout: { beta: number; alpha: number; accuracy: number } } }
const adapters = readReference<AdapterRun>('adapters.json') as ReferenceFile<AdapterRun> & { search_scale: number[]; search_step: number[] };

function steps(metrics: string): Record<string, number>[] {
  return readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.kind === 'step');
}

describe('cli train --method coop', () => {
  for (const name of ['unified-random-adamw', 'unified-phrase-sgd', 'class-random-proreg']) {
    it(`${name}: the reference trajectory`, () => {
      const run = coop.runs.find((r) => r.name === name)!;
      const dir = layoutReference(coop);
      const init = join(dir, 'init.json');
      // The CLI lists class folders alphabetically: class-specific rows follow that order.
      const folderOrder = [...coop.classes].sort();
      const ctx = run.init_ctx.length === 1 ? run.init_ctx : folderOrder.map((c) => run.init_ctx[coop.classes.indexOf(c)]);
      writeFileSync(init, JSON.stringify({ ctx }));
      const metrics = join(dir, 'metrics.jsonl');
      const args = [
        'train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', metrics, '--out', join(dir, 'out'), '--backend', 'cpu',
        '--method', 'coop', '--coop-context', run.context, '--coop-tokens', String(run.tokens), '--coop-init', run.init,
        '--epochs', String(coop.steps), '--batch-size', '8', '--lr-head', String(run.lr), '--weight-decay', String(run.weight_decay),
        '--schedule', 'constant', '--val-fraction', '0', '--template', coop.template,
        ...(run.optimizer === 'sgd' ? ['--optimizer', 'sgd'] : []),
        ...(run.init === 'random' ? ['--init', init] : []),
        ...(run.loss === 'proreg' ? ['--proreg'] : []),
      ];
      const r = cli(args);
      expect(r.status, r.stderr).toBe(0);
      const got = steps(metrics);
      expect(got).toHaveLength(coop.steps);
      got.forEach((s, i) => expect(Math.abs(s.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(TOLERANCE));
      if (run.loss === 'proreg') expect(got[0].w).toBeGreaterThan(0);
      const head = JSON.parse(readFileSync(join(dir, 'out', 'head.json'), 'utf8'));
      expect(head.W).toHaveLength(coop.classes.length);
    });
  }

  it('clip-adapter --proreg with --init: the reference trajectory', () => {
    const run = adapters.runs.find((r) => r.name === 'clip-adapter-proreg')!;
    const dir = layoutReference(adapters);
    writeFileSync(join(dir, 'init.json'), JSON.stringify(run.init));
    const metrics = join(dir, 'metrics.jsonl');
    const r = cli([
      'train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', metrics, '--out', join(dir, 'out'), '--backend', 'cpu',
      '--method', 'clip-adapter', '--proreg', '--adapter-ratio', '0.2', '--adapter-reduction', '4', '--init', join(dir, 'init.json'),
      '--epochs', String(adapters.steps), '--batch-size', '8', '--lr-head', String(run.lr), '--weight-decay', String(run.weight_decay),
      '--schedule', 'constant', '--val-fraction', '0', '--template', adapters.template,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const got = steps(metrics);
    got.forEach((s, i) => expect(Math.abs(s.loss - run.loss_trajectory[i]) / run.loss_trajectory[i], `step ${i}`).toBeLessThan(TOLERANCE));
  });

  it('tip-adapter: the cache from train/, beta and alpha searched on val/', () => {
    const run = adapters.runs.find((r) => r.name === 'tip-adapter')!;
    const dir = mkdtempSync(join(tmpdir(), 'proreg-tip-'));
    adapters.images.forEach((img, i) => {
      const cls = join(dir, 'data', i < 4 ? 'train' : 'val', adapters.classes[adapters.labels[i]]);
      mkdirSync(cls, { recursive: true });
      copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
    });
    const r = cli([
      'train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', join(dir, 'm.jsonl'), '--out', join(dir, 'out'), '--backend', 'cpu',
      '--method', 'tip-adapter', '--tip-search-scale', adapters.search_scale.join(','), '--tip-search-steps', adapters.search_step.join(','), '--template', adapters.template,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const want = run.search.heldout;
    expect(JSON.parse(r.stdout).searched).toEqual({ beta: want.beta, alpha: want.alpha, accuracy: want.accuracy });
  });

  it('refuses a malformed --init file and a wrong context shape with a clear message', () => {
    const dir = layoutReference(coop);
    const base = ['train', '--model', tinyClipDir, '--data', join(dir, 'data'), '--metrics', join(dir, 'm.jsonl'), '--out', join(dir, 'out'), '--backend', 'cpu', '--method', 'coop', '--coop-tokens', '4', '--epochs', '1', '--batch-size', '8'];
    writeFileSync(join(dir, 'bad.json'), '{"ctx": [[1, 2], [3]]}');
    const ragged = cli([...base, '--init', join(dir, 'bad.json')]);
    expect(ragged.status).toBe(1);
    expect(ragged.stderr).toContain('"ctx" is ragged');
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ ctx: [[[0, 0]]] }));
    const wrong = cli([...base, '--init', join(dir, 'wrong.json')]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('initial value "ctx" has shape [1,1,2], this run needs [1,4,128]');
    const ctx = cli([...base, '--coop-context', 'both']);
    expect(ctx.stderr).toContain('--coop-context must be one of unified, class');
  });
});

describe('cli bench-methods', () => {
  it('runs every method on the same splits and seeds and prints the table as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proreg-bench-'));
    coop.images.forEach((img, i) => {
      const cls = join(dir, 'data', i < 4 ? 'train' : i < 6 ? 'test' : 'ood', coop.classes[coop.labels[i]]);
      mkdirSync(cls, { recursive: true });
      copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
    });
    const r = cli([
      'bench-methods', '--model', tinyClipDir, '--data', join(dir, 'data'), '--backend', 'cpu', '--methods', 'zero-shot,coop,tip-adapter,clip-adapter+proreg',
      '--seeds', '0,1', '--epochs', '2', '--batch-size', '4', '--coop-tokens', '2', '--val-fraction', '0',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { methods: { method: string; seeds: number[]; id: { mean: number; std: number; n: number }; ood: { mean: number } | null; worstGroup: unknown; perGroup: Record<string, unknown> }[]; runs: { method: string; seed: number; splits: Record<string, { accuracy: number }> }[] };
    expect(out.methods.map((m) => m.method)).toEqual(['zero-shot', 'coop', 'tip-adapter', 'clip-adapter+proreg']);
    expect(out.runs).toHaveLength(8);
    for (const row of out.methods) {
      const runs = out.runs.filter((x) => x.method === row.method);
      expect(row.seeds).toEqual([0, 1]);
      expect(row.id.n).toBe(2);
      expect(row.id.mean).toBeCloseTo((runs[0].splits.test.accuracy + runs[1].splits.test.accuracy) / 2, 12);
      expect(row.ood!.mean).toBeCloseTo((runs[0].splits.ood.accuracy + runs[1].splits.ood.accuracy) / 2, 12);
      expect(Object.keys(row.perGroup).sort()).toEqual(['landbird', 'waterbird']); // the OOD images' classes
    }
    // Without training the seed changes nothing.
    expect(out.methods[0].id.std).toBe(0);
  });
});
