// `cli export-torch` writes a PyTorch project whose train.py, run by Debian's PyTorch, reproduces `cli train`
// of the same config step by step (ProReg, full encoder and head-only, the reference images), also under
// torchrun with two gloo processes; the export holds no absolute path and writes nothing outside its folder.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSharedJson, repoRoot, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { thrown } from '../testing/thrown';
import { insideTarget } from './export-torch-command';
import { runCli, runCommand, runTorchrun, torchPython as python } from '../testing/torch-project-run';
import { DEFAULT_TRAIN_CONFIG, type Method } from '../protocol/train-types';
import { torchProjectFiles } from '../train/export-torch/torch-project';

const run = runCommand;
const cli = runCli;

interface Run { name: string; images: string[]; classes: string[]; template: string; labels: number[]; scope: string; alpha: number; optimizer: { lr_head: number; lr_encoder: number; weight_decay: number }; steps: number }
const { runs } = readSharedJson<{ runs: Run[] }>('fixtures', 'proreg-trajectories.json');

function layout(run: Run): string {
  const dir = mkdtempSync(join(tmpdir(), 'proreg-torch-'));
  run.images.forEach((img, i) => {
    const cls = join(dir, 'data', 'train', run.classes[run.labels[i]]);
    mkdirSync(cls, { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
  });
  return dir;
}

const trainArgs = (run: Run) => [
  '--method', 'proreg', '--scope', run.scope === 'full' ? 'full' : 'head', '--alpha', String(run.alpha), '--epochs', String(run.steps),
  '--batch-size', '8', '--micro-batch', '8', '--lr-encoder', String(run.optimizer.lr_encoder), '--lr-head', String(run.optimizer.lr_head),
  '--weight-decay', String(run.optimizer.weight_decay), '--schedule', 'constant', '--val-fraction', '0', '--seed', '0', '--template', run.template,
];

type Line = Record<string, unknown> & { kind: string };
const readLines = (f: string): Line[] => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const stepsOf = (f: string) => readLines(f).filter((l) => l.kind === 'step') as (Line & Record<string, number>)[];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

// Measured here: the largest relative loss difference to `cli train` is ~4e-4 (full encoder, from photo.jpg,
// which Pillow's libjpeg and the studio's decoder round differently); one and two processes agree to ~1e-6.
const TOLERANCE = 1e-3;

describe('cli export-torch', () => {
  for (const r of runs) {
    it(`${r.name}: train.py reproduces cli train step by step${r.scope === 'full' ? ', and so does torchrun with 2 processes' : ''}`, () => {
      const dir = layout(r);
      const data = join(dir, 'data');
      cli(['train', '--model', tinyClipDir, '--data', data, '--metrics', join(dir, 'browser.jsonl'), '--out', join(dir, 'browser-out'), ...trainArgs(r)]);
      const images = r.scope !== 'full'; // one run carries its images, the other points at them
      const proj = join(dir, 'proj');
      const exported = cli(['export-torch', '--model', tinyClipDir, '--data', data, '--out', proj, ...trainArgs(r), ...(images ? ['--include-images'] : [])]);
      expect(exported.project).toBe(proj);
      expect(exported.files).toEqual(expect.arrayContaining(['train.py', 'run.json', 'manifest.json', 'README.md', 'requirements.txt']));
      expect(exported.files.filter((f: string) => f.startsWith('data/'))).toHaveLength(images ? 8 : 0);
      // No absolute path of this machine anywhere in the project.
      for (const f of filesUnder(proj).filter((p) => !p.startsWith(join(proj, 'data')))) {
        const text = readFileSync(f, 'utf8');
        for (const abs of [dir, tinyClipDir, homedir(), repoRoot]) expect(text.includes(abs), `${f} contains ${abs}`).toBe(false);
      }
      const runJson = JSON.parse(readFileSync(join(proj, 'run.json'), 'utf8'));
      expect(runJson).toMatchObject({ method: 'proreg', scope: r.scope === 'full' ? 'full' : 'head', model: { kind: 'folder', name: 'tiny-clip-b32' } });
      expect(runJson.teacher_head.W0).toHaveLength(4);

      const torchArgs = ['--model', tinyClipDir, ...(images ? [] : ['--data', data]), '--metrics', join(dir, 'torch.jsonl'), '--out', join(dir, 'torch-out')];
      const summary = JSON.parse(run(python, [join(proj, 'train.py'), ...torchArgs]));
      expect(summary.steps).toBe(r.steps);
      const browser = stepsOf(join(dir, 'browser.jsonl'));
      const torch = stepsOf(join(dir, 'torch.jsonl'));
      expect(torch).toHaveLength(r.steps);
      torch.forEach((s, i) => {
        // The same record as cli train's, plus the per-sample values.
        expect(Object.keys(s).filter((k) => k !== 'samples').sort()).toEqual(Object.keys(browser[i]).sort());
        expect(s).toMatchObject({ step: i, epoch: i });
        expect(s.samples).toMatchObject({ ids: expect.any(Array), ce: expect.any(Array), w: expect.any(Array) });
        for (const k of ['loss', 'ce', 'kd']) {
          const rel = Math.abs(s[k] - browser[i][k]) / Math.abs(browser[i][k]);
          if (process.env.PROREG_REPORT) process.stderr.write(`${r.name} step ${i} ${k} rel ${rel.toExponential(2)}\n`);
          expect(rel, `step ${i} ${k}`).toBeLessThan(TOLERANCE);
        }
        for (const k of ['w', 'ps', 'pt']) expect(Math.abs(s[k] - browser[i][k]), `step ${i} ${k}`).toBeLessThan(TOLERANCE);
        // kl = kd - the teacher's entropy: a small difference of two terms, so its error is kd's.
        expect(Math.abs(s.kl - browser[i].kl), `step ${i} kl`).toBeLessThan(TOLERANCE * browser[i].kd);
      });
      const evals = readLines(join(dir, 'torch.jsonl')).filter((l) => l.kind === 'eval');
      expect(evals.at(-1)).toMatchObject({ step: r.steps, epoch: r.steps, splits: { train: { count: 8 } } });
      for (const f of ['model.safetensors', 'config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json', 'head.json']) {
        expect(existsSync(join(dir, 'torch-out', f)), f).toBe(true);
      }
      // The studio's own loader reads the model train.py wrote; the head-only run left the encoder as it was.
      const img = join(tinyClipReferenceDir, 'images', 'square.png');
      const before = cli(['embed', '--model', tinyClipDir, '--image', img]).image_embeds[0] as number[];
      const after = cli(['embed', '--model', join(dir, 'torch-out'), '--image', img]).image_embeds[0] as number[];
      const diff = Math.max(...after.map((v, i) => Math.abs(v - before[i])));
      if (r.scope === 'full') expect(diff).toBeGreaterThan(1e-3);
      else expect(diff).toBeLessThan(1e-5);

      if (r.scope !== 'full') return;
      // Two gloo processes, each taking half of every batch: the same trajectory as one process.
      runTorchrun(proj, 2, ['--model', tinyClipDir, '--data', data, '--metrics', join(dir, 'ddp.jsonl'), '--out', join(dir, 'ddp-out')]);
      const ddp = stepsOf(join(dir, 'ddp.jsonl'));
      expect(ddp).toHaveLength(r.steps);
      ddp.forEach((s, i) => {
        expect((s.samples as unknown as { ids: number[] }).ids).toEqual((torch[i].samples as unknown as { ids: number[] }).ids);
        expect(Math.abs(s.loss - torch[i].loss) / torch[i].loss, `step ${i}`).toBeLessThan(1e-5);
      });
    }, 600_000);
  }

  it('refuses paths that leave the project and writes into no link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proreg-torch-target-'));
    expect(insideTarget(dir, 'data/a/b.png')).toBe(join(dir, 'data', 'a', 'b.png'));
    expect(thrown(Error, () => insideTarget(dir, '../escape.py')).message).toMatch(/leaves its folder/);
    expect(thrown(Error, () => insideTarget(dir, '/etc/passwd')).message).toMatch(/absolute path/);
    expect(thrown(Error, () => insideTarget(dir, 'C:\\x.png')).message).toMatch(/absolute path/);
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(dir, 'proj-link'));
    expect(thrown(Error, () => insideTarget(dir, 'proj-link/x.py')).message).toMatch(/through the link/);
  });

  it('refuses a method train.py does not implement, by name, before any file is made', () => {
    // Every method of the studio is implemented today; the guard stands for the next one.
    const input = { name: 'p', config: { ...DEFAULT_TRAIN_CONFIG, method: 'next-method' as unknown as Method }, model: { kind: 'folder' as const, name: 'm' }, classes: ['a'], promptClasses: ['a'], templates: ['{}'], tokenIds: [[1, 2]], endId: 2, w0: [[1]], logitScale: 0, samples: [], includeImages: false };
    expect(thrown(Error, () => torchProjectFiles(input)).message).toMatch(/^a next-method run cannot be exported as a PyTorch project yet: the project implements zero-shot, .*coop, clip-adapter, tip-adapter, tip-adapter-f, lp-ft/);
  });
});
