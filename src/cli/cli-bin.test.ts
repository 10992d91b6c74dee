// The CLI on .bin-only model folders: `embed` gives the reference embeddings and logits from the PNG files
// (zip, legacy and sharded), `zero-shot` and `train` run on them, and the evil pickle is refused on stderr.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSharedJson, repoRoot, tinyClipBinDir, tinyClipReferenceDir } from '../testing/shared-fixtures';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');

function run(args: string[]) {
  return spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
}

function cli(args: string[]): Record<string, unknown> {
  const r = run(args);
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface Reference { images: string[]; prompts: string[]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][] }
const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');
interface Run { name: string; images: string[]; classes: string[]; template: string; labels: number[]; alpha: number; optimizer: { lr_head: number; weight_decay: number }; trajectory: { loss: number }[] }
const trajectories = readSharedJson<{ runs: Run[] }>('fixtures', 'proreg-trajectories.json').runs;

const tmp = mkdtempSync(join(tmpdir(), 'proreg-cli-bin-'));
const maxRel = (got: number[][], want: number[][]) => {
  const scale = Math.max(...want.flat().map(Math.abs));
  return Math.max(...want.flat().map((w, i) => Math.abs(got.flat()[i] - w) / scale));
};

describe('cli on .bin model folders', () => {
  it('embed gives the reference embeddings and logits (zip, legacy, sharded)', () => {
    const texts = join(tmp, 'texts.json');
    writeFileSync(texts, JSON.stringify(ref.prompts));
    const png = ref.images.map((n, i) => [n, i] as const).filter(([n]) => n.endsWith('.png'));
    for (const variant of ['', '-legacy', '-sharded'] as const) {
      const json = cli(['embed', '--model', tinyClipBinDir(variant), '--backend', 'wasm', ...png.flatMap(([n]) => ['--image', join(tinyClipReferenceDir, 'images', n)]), '--texts-file', texts]);
      expect(maxRel(json.text_embeds as number[][], ref.text_embeds), variant).toBeLessThan(1e-4);
      expect(maxRel(json.image_embeds as number[][], png.map(([, i]) => ref.image_embeds[i])), variant).toBeLessThan(1e-4);
      expect(maxRel(json.logits_per_image as number[][], png.map(([, i]) => ref.logits_per_image[i])), variant).toBeLessThan(1e-4);
    }
  });

  it('train (head only) follows the reference trajectory on the legacy folder; zero-shot runs on the zip one', () => {
    const r = trajectories.find((x) => x.name === 'head-only')!;
    const data = join(tmp, 'data', 'train');
    r.images.forEach((img, i) => {
      mkdirSync(join(data, r.classes[r.labels[i]]), { recursive: true });
      copyFileSync(join(tinyClipReferenceDir, 'images', img), join(data, r.classes[r.labels[i]], img));
    });
    const metrics = join(tmp, 'metrics.jsonl');
    cli([
      'train', '--model', tinyClipBinDir('-legacy'), '--data', join(tmp, 'data'), '--metrics', metrics, '--out', join(tmp, 'out'),
      '--method', 'proreg', '--scope', 'head', '--alpha', String(r.alpha), '--epochs', '3', '--batch-size', '8', '--micro-batch', '8',
      '--lr-head', String(r.optimizer.lr_head), '--weight-decay', String(r.optimizer.weight_decay), '--schedule', 'constant',
      '--val-fraction', '0', '--seed', '0', '--template', r.template,
    ]);
    const steps = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.kind === 'step');
    expect(steps).toHaveLength(3);
    // Same bound as cli-train.test.ts: photo.jpg's decode differs by up to 3/255 from the reference's.
    steps.forEach((s, i) => expect(Math.abs(s.loss - r.trajectory[i].loss) / r.trajectory[i].loss, `step ${i}`).toBeLessThan(2e-3));
    expect(existsSync(join(tmp, 'out', 'model.safetensors'))).toBe(true);
    const zs = cli(['zero-shot', '--model', tinyClipBinDir(), '--data', join(tmp, 'data'), '--template', r.template]);
    expect(zs.predictions).toHaveLength(r.images.length);
  });

  it('refuses the evil pickle on stderr, naming the global, and runs nothing', () => {
    const r = run(['embed', '--model', tinyClipBinDir('-evil'), '--image', join(tinyClipReferenceDir, 'images', 'square.png')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not a plain state dict: its pickle asks for the Python global posix\.system/);
    expect(existsSync('/tmp/proreg-evil-pickle-ran')).toBe(false);
  });
});
