// The exported train.py reads Hugging Face CLIP folders itself: model.safetensors, pytorch_model.bin (zip
// and legacy pickle formats, shards) give the same zero-shot evaluation, and a pickle that would run code is
// refused with a message, never executed.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, readSharedJson, repoRoot, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const python = process.env.PROREG_TORCH_PYTHON ?? '/usr/bin/python3';
const EVIL_MARKER = '/tmp/proreg-evil-pickle-ran';

describe('exported train.py reads every weights layout', () => {
  const { runs } = readSharedJson<{ runs: { images: string[]; classes: string[]; labels: number[] }[] }>('fixtures', 'proreg-trajectories.json');
  const dir = mkdtempSync(join(tmpdir(), 'proreg-torch-weights-'));
  runs[0].images.forEach((img, i) => {
    const cls = join(dir, 'data', runs[0].classes[runs[0].labels[i]]);
    mkdirSync(cls, { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
  });
  const proj = join(dir, 'proj');
  const train = (model: string, tag: string) =>
    spawnSync(python, [join(proj, 'train.py'), '--model', model, '--data', join(dir, 'data'), '--metrics', join(dir, `${tag}.jsonl`), '--out', join(dir, tag)], { encoding: 'utf8' });
  const finalOf = (tag: string) => JSON.parse(readFileSync(join(dir, `${tag}.jsonl`), 'utf8').trim().split('\n').pop()!).splits.train;

  it('safetensors, .bin, legacy .bin and sharded .bin: the same zero-shot predictions', () => {
    const r = spawnSync(process.execPath, [tsx, '--import', loader, main, 'export-torch', '--model', tinyClipDir, '--data', join(dir, 'data'), '--out', proj, '--method', 'zero-shot', '--val-fraction', '0'], { encoding: 'utf8', cwd: repoRoot });
    expect(r.status, r.stderr).toBe(0);
    const ref = train(tinyClipDir, 'safetensors');
    expect(ref.status, ref.stderr).toBe(0);
    const expected = finalOf('safetensors');
    expect(expected.count).toBe(8);
    for (const variant of ['tiny-clip-b32-bin', 'tiny-clip-b32-bin-legacy', 'tiny-clip-b32-bin-sharded']) {
      const out = train(join(fixturesDir, 'clip', variant), variant);
      expect(out.status, out.stderr).toBe(0);
      const got = finalOf(variant);
      expect(got.samples.predicted, variant).toEqual(expected.samples.predicted);
      got.samples.prob_true.forEach((p: number, i: number) => expect(Math.abs(p - expected.samples.prob_true[i]), variant).toBeLessThan(1e-6));
    }
  }, 600_000);

  it('refuses a pickle that would run code, with a message', () => {
    const out = train(join(fixturesDir, 'clip', 'tiny-clip-b32-bin-evil'), 'evil');
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/error: .*pytorch_model\.bin is not a plain PyTorch weights file \(refused to unpickle it/);
    expect(existsSync(EVIL_MARKER)).toBe(false);
  }, 600_000);
});
