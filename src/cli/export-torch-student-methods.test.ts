// The student methods through the exported project: CoOp (one context and one per class, random and phrase
// starts, the proreg layout, AdamW and SGD), CLIP-Adapter (drawn from the seed and given with --init), Tip-Adapter with its validation search of beta
// and alpha, Tip-Adapter-F and LP-FT (a last-K and a full scope with RandAugment), with and without ProReg's
// term. Each case exports with the case's options, runs train.py under Debian's PyTorch and compares it with
// `cli train` of the same options: every step's loss, every evaluation's accuracies, the searched values and
// the final logits of every sample; one case per method also runs under `torchrun --nproc_per_node 2`.
// The images are the reference's PNGs (photo.jpg, whose JPEG decode differs by up to 3/255 between Pillow
// and the studio, is left to export-torch.test.ts). The Tip-Adapter cases read train/ and a val/ of the same
// pictures re-encoded by Pillow (other bytes, the same pixels), so the search has something to find.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../shared/rng';
import { readSharedJson, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { logitsRelDiff, metricsLines, readLogits, runCli, runCommand, runTorchrun, runTrainPy, torchPython } from '../testing/torch-project-run';

const { runs } = readSharedJson<{ runs: { images: string[]; classes: string[]; labels: number[]; template: string }[] }>('fixtures', 'proreg-trajectories.json');
const ref = runs[0];

const COMMON = ['--template', ref.template];
const TIP_SEARCH = ['--tip-search-scale', '7,50'];

interface Case {
  args: string[];
  /** Reads train/ and the re-encoded val/. */
  withVal?: boolean;
  /** Also under torchrun with two processes. */
  ddp?: boolean;
  /** The adapter's starting weights given with --init (else drawn from the seed). */
  init?: boolean;
}

const CASES: Record<string, Case> = {
  'CoOp, one random context, AdamW': { args: ['--method', 'coop', '--coop-tokens', '4', '--epochs', '3', '--batch-size', '4', '--micro-batch', '2', '--lr-head', '0.01', '--val-fraction', '0.25'] },
  'CoOp, a context per class, ProReg': { args: ['--method', 'coop', '--coop-context', 'class', '--coop-tokens', '4', '--proreg', '--epochs', '3', '--batch-size', '4', '--micro-batch', '2', '--val-fraction', '0.25'], ddp: true },
  'CoOp from "a photo of a", SGD': { args: ['--method', 'coop', '--coop-init', 'a_photo_of_a', '--optimizer', 'sgd', '--lr-head', '0.05', '--epochs', '2', '--batch-size', '7', '--micro-batch', '7', '--val-fraction', '0'] },
  'CoOp, the ProReg code\'s layout': { args: ['--method', 'coop', '--coop-layout', 'proreg', '--coop-tokens', '4', '--epochs', '2', '--batch-size', '4', '--micro-batch', '4', '--val-fraction', '0'] },
  'CLIP-Adapter, ProReg': { args: ['--method', 'clip-adapter', '--proreg', '--epochs', '3', '--batch-size', '4', '--micro-batch', '2', '--lr-head', '0.01', '--val-fraction', '0.25'], ddp: true },
  'CLIP-Adapter, SGD, --init': { args: ['--method', 'clip-adapter', '--optimizer', 'sgd', '--adapter-ratio', '0.5', '--adapter-reduction', '2', '--epochs', '2', '--batch-size', '4', '--micro-batch', '4', '--lr-head', '0.05', '--val-fraction', '0'], init: true },
  'Tip-Adapter, the search': { args: ['--method', 'tip-adapter', ...TIP_SEARCH], withVal: true, ddp: true },
  'Tip-Adapter-F, ProReg, the search': { args: ['--method', 'tip-adapter-f', '--proreg', '--epochs', '2', '--batch-size', '4', '--micro-batch', '2', '--lr-head', '0.01', ...TIP_SEARCH], withVal: true, ddp: true },
  'LP-FT, last 2 blocks': { args: ['--method', 'lp-ft', '--scope', 'last-2', '--lpft-probe-epochs', '2', '--epochs', '2', '--batch-size', '4', '--micro-batch', '2', '--lr-encoder', '1e-4', '--lr-head', '0.01', '--val-fraction', '0.25'] },
  'LP-FT, full, ProReg, RandAugment, warm-up': { args: ['--method', 'lp-ft', '--proreg', '--scope', 'full', '--augment', 'randaugment', '--lpft-probe-epochs', '1', '--epochs', '2', '--batch-size', '4', '--micro-batch', '2', '--lr-encoder', '1e-4', '--lr-head', '0.01', '--val-fraction', '0', '--schedule', 'warmup-linear'], ddp: true },
};

// Measured here: losses within 1e-5 relative, logits within 5e-6 of the largest logit, the same accuracies
// and searched values; two processes agree with one to 1e-6.
const LOSS_TOLERANCE = 1e-3;
const LOGIT_TOLERANCE = 1e-4;
const DDP_TOLERANCE = 1e-5;

function layout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proreg-torch-student-'));
  ref.images.forEach((img, i) => {
    if (!img.endsWith('.png')) return;
    const cls = ref.classes[ref.labels[i]];
    for (const d of ['data', join('data-val', 'train')]) mkdirSync(join(dir, d, cls), { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(dir, 'data', cls, img));
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(dir, 'data-val', 'train', cls, img));
  });
  // val/: the same pictures written again by Pillow at another compression level.
  runCommand(torchPython, ['-c', [
    'import os, sys', 'from PIL import Image', 'root = sys.argv[1]',
    'for c in os.listdir(os.path.join(root, "train")):',
    '    os.makedirs(os.path.join(root, "val", c))',
    '    for f in os.listdir(os.path.join(root, "train", c)):',
    '        Image.open(os.path.join(root, "train", c, f)).save(os.path.join(root, "val", c, f), compress_level=1)',
  ].join('\n'), join(dir, 'data-val')]);
  return dir;
}

/** fc1 [E, E/2] and fc2 [E/2, E] for reduction 2, seeded numbers in +-0.1, as --init reads them. */
function writeAdapterInit(file: string): void {
  const E = (JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8')) as { projection_dim: number }).projection_dim;
  const rng = makeRng(99);
  const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng() * 2 - 1) * 0.1));
  writeFileSync(file, JSON.stringify({ fc1: matrix(E, E / 2), fc2: matrix(E / 2, E) }));
}

describe('exported train.py, the student methods', () => {
  const dir = layout();

  Object.entries(CASES).forEach(([name, c], k) => {
    it(`${name}: the same steps, evaluations${c.withVal ? ', search' : ''} and final logits as cli train${c.ddp ? ', and so under torchrun with 2 processes' : ''}`, () => {
      const data = join(dir, c.withVal ? 'data-val' : 'data');
      const at = (what: string) => join(dir, `${k}-${what}`);
      if (c.init) writeAdapterInit(at('init.json'));
      const args = [...c.args, ...COMMON, ...(c.init ? ['--init', at('init.json')] : [])];
      const studio = runCli(['train', '--model', tinyClipDir, '--data', data, '--metrics', at('cli.jsonl'), '--out', at('cli'), '--logits', at('cli-logits.json'), ...args]);
      const proj = at('proj');
      runCli(['export-torch', '--model', tinyClipDir, '--data', data, '--out', proj, ...args]);
      const torchArgs = (tag: string) => ['--model', tinyClipDir, '--data', data, '--metrics', at(`${tag}.jsonl`), '--out', at(tag), '--logits', at(`${tag}-logits.json`)];
      const torch = runTrainPy(proj, torchArgs('torch'));

      const [a, b] = [metricsLines(at('cli.jsonl')), metricsLines(at('torch.jsonl'))];
      expect(b.map((l) => `${l.kind}@${l.step}`)).toEqual(a.map((l) => `${l.kind}@${l.step}`));
      a.forEach((la, i) => {
        const lb = b[i];
        if (la.kind === 'step') {
          expect(Math.abs(lb.loss - la.loss) / Math.abs(la.loss), `step ${la.step}`).toBeLessThan(LOSS_TOLERANCE);
          expect([lb.lr_encoder, lb.lr_head], `step ${la.step} learning rates`).toEqual([la.lr_encoder, la.lr_head]);
        } else {
          const acc = (l: typeof la) => Object.fromEntries(Object.entries(l.splits).map(([s, v]) => [s, [v.count, v.accuracy]]));
          expect(acc(lb), `eval at step ${la.step}`).toEqual(acc(la));
        }
      });
      expect(torch.steps).toBe(studio.steps);
      expect(torch.searched).toEqual(studio.searched);
      if (c.withVal) expect(studio.searched.accuracy).toBeGreaterThan(0);
      const logits = readLogits(at('torch-logits.json'));
      expect(logitsRelDiff(readLogits(at('cli-logits.json')), logits)).toBeLessThan(LOGIT_TOLERANCE);
      if (!c.ddp) return;

      runTorchrun(proj, 2, torchArgs('ddp'));
      const [one, two] = [metricsLines(at('torch.jsonl')), metricsLines(at('ddp.jsonl'))];
      expect(two.map((l) => `${l.kind}@${l.step}`)).toEqual(one.map((l) => `${l.kind}@${l.step}`));
      one.forEach((l, i) => {
        if (l.kind === 'step') expect(Math.abs(two[i].loss - l.loss) / Math.abs(l.loss), `torchrun step ${l.step}`).toBeLessThan(DDP_TOLERANCE);
      });
      expect(logitsRelDiff(logits, readLogits(at('ddp-logits.json')))).toBeLessThan(DDP_TOLERANCE);
    }, 600_000);
  });
});
