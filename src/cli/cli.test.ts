// The CLI as a user runs it: a separate process, JSON on stdout only, on the fixture model and on a
// model folder this project generates.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { readSharedJson, repoRoot, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { TINY_P16, writeRandomClip } from '../testing/random-clip-node';
import { useNodeBackend } from '../backend/backend-node';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');

function cli(args: string[]): { json: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // nothing but the JSON on stdout
  return { json: JSON.parse(lines[0]), stderr: r.stderr };
}

function cliError(args: string[]): string {
  const r = spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  return r.stderr;
}

const tmp = mkdtempSync(join(tmpdir(), 'proreg-cli-'));
const textsFile = join(tmp, 'texts.json');
const generated = join(tmp, 'generated-model');

interface Reference { images: string[]; prompts: string[]; input_ids: number[][]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][] }
const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');
const cases = readSharedJson<{ cases: { text: string; ids: number[] }[] }>('fixtures', 'tokenizer-cases.json').cases;

function maxRel(got: number[][], want: number[][]): number {
  const scale = Math.max(...want.flat().map(Math.abs));
  return Math.max(...want.flat().map((w, i) => Math.abs(got.flat()[i] - w) / scale));
}

/** A class-per-folder dataset of small synthetic PNGs: red-ish vs blue-ish images. */
function writeColourDataset(dir: string): void {
  for (const [cls, rgb] of [['red', [220, 30, 30]], ['blue', [30, 30, 220]]] as const) {
    mkdirSync(join(dir, cls), { recursive: true });
    for (let i = 0; i < 3; i++) {
      const png = new PNG({ width: 40 + i * 10, height: 30 + i * 7 });
      for (let p = 0; p < png.data.length; p += 4) {
        png.data[p] = rgb[0] + ((p * 7) % 25);
        png.data[p + 1] = rgb[1];
        png.data[p + 2] = rgb[2] - ((p * 3) % 25);
        png.data[p + 3] = 255;
      }
      writeFileSync(join(dir, cls, `${cls}_${i}.png`), PNG.sync.write(png));
    }
  }
}

beforeAll(async () => {
  await useNodeBackend('cpu');
  writeFileSync(textsFile, JSON.stringify(ref.prompts));
  writeRandomClip(generated, TINY_P16, { seed: 3 });
});

// Each test starts the CLI one or more times (10-60 s each on a loaded machine): a generous ceiling, not a timing check.
const SLOW = { timeout: 900_000 };

describe('cli on tiny-clip-b32', SLOW, () => {
  it('tokenize gives the reference ids for every tokenizer case', () => {
    const f = join(tmp, 'cases.json');
    writeFileSync(f, JSON.stringify(cases.map((c) => c.text)));
    const { json } = cli(['tokenize', '--model', tinyClipDir, '--texts-file', f]);
    expect(json.ids).toEqual(cases.map((c) => c.ids));
  });

  it('embed matches the reference from the image files (PNG exact, JPEG within its decoder error)', () => {
    const images = ref.images.map((n) => join(tinyClipReferenceDir, 'images', n));
    for (const backend of ['wasm', 'cpu']) {
      const { json } = cli(['embed', '--model', tinyClipDir, '--backend', backend, ...images.flatMap((i) => ['--image', i]), '--texts-file', textsFile]);
      const img = json.image_embeds as number[][];
      const txt = json.text_embeds as number[][];
      expect(maxRel(txt, ref.text_embeds)).toBeLessThan(1e-4);
      ref.images.forEach((name, i) => {
        const err = maxRel([img[i]], [ref.image_embeds[i]]);
        expect(err, name).toBeLessThan(name.endsWith('.png') ? 1e-4 : 2e-2);
      });
      const pngRows = ref.images.map((n, i) => [n, i] as const).filter(([n]) => n.endsWith('.png')).map(([, i]) => i);
      expect(maxRel(pngRows.map((i) => (json.logits_per_image as number[][])[i]), pngRows.map((i) => ref.logits_per_image[i]))).toBeLessThan(1e-4);
    }
  });

  it('zero-shot classifies a class-per-folder dataset and reports every prediction', () => {
    const data = join(tmp, 'colours');
    writeColourDataset(data);
    const { json } = cli(['zero-shot', '--model', tinyClipDir, '--data', data, '--template', 'a photo of a {}.', '--template', 'a {} image.']);
    const preds = json.predictions as { file: string; label: string; predicted: string; probs: number[] }[];
    expect(preds).toHaveLength(6);
    const acc = preds.filter((p) => p.label === p.predicted).length / preds.length;
    expect(json.accuracy).toBeCloseTo(acc, 10);
    preds.forEach((p) => expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
  });

  it('explains bad input on stderr with exit code 1 and nothing on stdout', () => {
    expect(cliError(['embed', '--model', join(tmp, 'nope')])).toMatch(/model folder .* does not exist/);
    const bad = join(tmp, 'bad-texts.json');
    writeFileSync(bad, '{"a": 1}');
    expect(cliError(['tokenize', '--model', tinyClipDir, '--texts-file', bad])).toMatch(/must be a JSON array of strings/);
    expect(cliError(['frobnicate', '--model', tinyClipDir])).toMatch(/unknown command "frobnicate"/);
  });
});

describe('cli on a generated model folder (patch 16, 64 px, gelu)', SLOW, () => {
  it('tokenize, embed and zero-shot all work', () => {
    const t = cli(['tokenize', '--model', generated, '--texts-file', textsFile]).json.ids as number[][];
    expect(t[0][0]).toBe(513); // <|startoftext|> of the byte vocabulary
    const img = join(tinyClipReferenceDir, 'images', 'square.png');
    const e = cli(['embed', '--model', generated, '--image', img, '--texts-file', textsFile]).json;
    expect((e.image_embeds as number[][])[0]).toHaveLength(24);
    expect((e.logits_per_image as number[][])[0]).toHaveLength(ref.prompts.length);
    const data = join(tmp, 'colours2');
    writeColourDataset(data);
    expect(cli(['zero-shot', '--model', generated, '--data', data]).json.predictions).toHaveLength(6);
  });

  it('refuses a checkpoint whose weights disagree with config.json, naming the tensor', () => {
    const broken = join(tmp, 'broken');
    mkdirSync(broken);
    for (const f of readdirSync(generated)) copyFileSync(join(generated, f), join(broken, f));
    writeFileSync(join(broken, 'config.json'), JSON.stringify({ ...JSON.parse(execFileSync('cat', [join(generated, 'config.json')], { encoding: 'utf8' })), projection_dim: 32 }));
    expect(cliError(['tokenize', '--model', broken, '--texts-file', textsFile])).toMatch(/visual_projection\.weight has shape \[24,48\] but config\.json implies \[32,48\]/);
  });
});
