// The bad-input corpus through the CLI as a user runs it: every case of the table gets its expected outcome
// (imported, or refused with the named reason, listed in the JSON and on stderr), and zero-shot and train go
// on with the good images. Also: settings and outputs refused before any work, NaN weights named by tensor,
// absurd or mistyped config.json fields.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';
import { CORPUS_CASES } from '../testing/corpus/corpus-cases';
import { writeCorpus } from '../testing/corpus/write-corpus-node';
import { decodeImage } from '../data/decode-node';
import { rgbPng } from '../testing/corpus/corpus-images';

const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const loader = join(repoRoot, 'scripts', 'resolve-extensionless.mjs');
const main = join(repoRoot, 'src', 'cli', 'main.ts');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [tsx, '--import', loader, main, ...args], { encoding: 'utf8', cwd: repoRoot, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[]): { json: Record<string, unknown>; stderr: string } {
  const r = run(args);
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed (${r.status}): ${r.stderr}`);
  return { json: JSON.parse(r.stdout), stderr: r.stderr };
}

function fails(args: string[]): string {
  const r = run(args);
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  return r.stderr;
}

interface Outcome { file: string; reason: string; message: string }

const tmp = mkdtempSync(join(tmpdir(), 'proreg-corpus-cli-'));
let corpus = '';

beforeAll(async () => {
  corpus = await writeCorpus(join(tmp, 'corpus'));
});

/** Checks every case of the table against what a command imported and rejected. */
function checkOutcomes(imported: string[], rejected: Outcome[]): void {
  const at = (p: string) => `${corpus}/${p}`;
  const reasons = new Map(rejected.map((r) => [r.file, r.reason]));
  for (const c of CORPUS_CASES) {
    if (c.expect === 'imported') expect(imported, `${c.path} (${c.what})`).toContain(at(c.path));
    else expect(reasons.get(at(c.path)), `${c.path} (${c.what})`).toBe(c.expect);
  }
  // Nothing else was imported or rejected: the table is the whole story.
  expect(imported.length + rejected.length).toBe(CORPUS_CASES.length);
  for (const r of rejected) expect(r.message.length, r.file).toBeGreaterThan(10);
}

// Each test starts the CLI up to four times (10-60 s each on a loaded machine): a generous ceiling, not a timing check.
const SLOW = { timeout: 900_000 };

describe('the bad-input corpus in the CLI', SLOW, () => {
  it('decodes every imported case at its stored size (EXIF orientation ignored, as Pillow does)', async () => {
    for (const c of CORPUS_CASES.filter((x) => x.size && existsSync(join(corpus, x.path)))) {
      const img = await decodeImage(new Uint8Array(readFileSync(join(corpus, c.path))), c.path);
      expect([img.width, img.height], `${c.path} (${c.what})`).toEqual(c.size);
    }
  });

  it('zero-shot classifies the good images and lists every bad file with its reason, in the JSON and on stderr', () => {
    const { json, stderr } = ok(['zero-shot', '--model', tinyClipDir, '--data', corpus, '--backend', 'cpu']);
    const preds = json.predictions as { file: string; probs: number[] }[];
    const rejected = json.rejected as Outcome[];
    checkOutcomes(preds.map((p) => p.file), rejected);
    for (const p of preds) expect(p.probs.every(Number.isFinite), p.file).toBe(true);
    for (const r of rejected) expect(stderr).toContain(`rejected ${r.file} (${r.reason})`);
    expect(rejected.find((r) => r.file.endsWith('bomb.png'))?.message).toMatch(/30000 x 30000 pixels .* refused before decoding/);
  });

  it('train goes on with the good images and reports the same rejections', () => {
    const out = join(tmp, 'trained');
    const { json } = ok(['train', '--model', tinyClipDir, '--data', corpus, '--metrics', join(tmp, 'm.jsonl'), '--out', out, '--backend', 'cpu',
      '--scope', 'head', '--epochs', '1', '--batch-size', '8', '--val-fraction', '0']);
    expect(json.steps).toBeGreaterThan(0);
    const zs = ok(['zero-shot', '--model', tinyClipDir, '--data', corpus, '--backend', 'cpu']).json;
    const key = (r: Outcome[]) => r.map((x) => `${x.file} ${x.reason}`).sort();
    expect(key(json.rejected as Outcome[])).toEqual(key(zs.rejected as Outcome[]));
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  });

  it('refuses a dataset in which a class keeps no usable image, naming the class', () => {
    const data = join(tmp, 'one-broken-class');
    mkdirSync(join(data, 'good'), { recursive: true });
    mkdirSync(join(data, 'broken'), { recursive: true });
    writeFileSync(join(data, 'good', 'a.png'), rgbPng(16, 16, 1));
    writeFileSync(join(data, 'broken', 'half.png'), rgbPng(16, 16, 2).slice(0, 40));
    expect(fails(['zero-shot', '--model', tinyClipDir, '--data', data, '--backend', 'cpu'])).toMatch(/class "broken" has no usable image/);
  });
});

describe('train refuses what cannot work before any work', SLOW, () => {
  const base = () => ['train', '--model', tinyClipDir, '--data', corpus, '--metrics', join(tmp, 'x.jsonl'), '--backend', 'cpu'];
  it('settings: no epochs, a validation share of 2, a zero temperature', () => {
    expect(fails([...base(), '--out', join(tmp, 'o1'), '--epochs', '0'])).toMatch(/--epochs must be >0 \(got 0\)/);
    expect(fails([...base(), '--out', join(tmp, 'o2'), '--val-fraction', '2'])).toMatch(/--val-fraction must be <=1 \(got 2\)/);
    expect(fails([...base(), '--out', join(tmp, 'o3'), '--val-fraction', '1'])).toMatch(/--val-fraction must be below 1/);
    expect(fails([...base(), '--out', join(tmp, 'o4'), '--temperature', '0'])).toMatch(/--temperature must be >0 \(got 0\)/);
  });
  it('an --out that is a file, before training', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const err = fails([...base(), '--out', file]);
    expect(err).toMatch(/--out .*a-file is a file, not a folder/);
    expect(err).not.toMatch(/step \d+\//); // no training happened
  });
});

describe('model files the loader refuses with a message', SLOW, () => {
  const copyModel = (name: string) => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const f of readdirSync(tinyClipDir)) copyFileSync(join(tinyClipDir, f), join(dir, f));
    return dir;
  };
  const img = join(tinyClipReferenceDir, 'images', 'square.png');

  it('NaN in a weight tensor is named, for embed, zero-shot and train', () => {
    const dir = copyModel('nan-model');
    const file = join(dir, 'model.safetensors');
    const bytes = readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; data_offsets: [number, number] }>;
    const name = 'vision_model.encoder.layers.0.mlp.fc1.weight';
    const at = 8 + n + header[name].data_offsets[0];
    if (header[name].dtype === 'F16') bytes.writeUInt16LE(0x7e00, at + 2 * 5); // a half-precision NaN
    else bytes.writeFloatLE(Number.NaN, at + 4 * 5);
    writeFileSync(file, bytes);
    const want = new RegExp(`tensor ${name.replace(/\./g, '\\.')} holds NaN`);
    expect(fails(['embed', '--model', dir, '--image', img, '--backend', 'cpu'])).toMatch(want);
    expect(fails(['zero-shot', '--model', dir, '--data', corpus, '--backend', 'cpu'])).toMatch(want);
    expect(fails(['train', '--model', dir, '--data', corpus, '--metrics', join(tmp, 'n.jsonl'), '--out', join(tmp, 'n'), '--backend', 'cpu'])).toMatch(want);
  });

  it('a sub-config that is not an object, and sizes no CLIP has', () => {
    const cfg = JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8'));
    const dir = copyModel('bad-config');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, vision_config: 'oops' }));
    expect(fails(['embed', '--model', dir, '--image', img, '--backend', 'cpu'])).toMatch(/vision_config must be an object, got "oops"/);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, text_config: { ...cfg.text_config, num_hidden_layers: 1_000_000_000 } }));
    expect(fails(['embed', '--model', dir, '--image', img, '--backend', 'cpu'])).toMatch(/text_config\.num_hidden_layers is 1000000000, beyond any CLIP model/);
  });
});
