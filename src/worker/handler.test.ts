// The worker's protocol end to end without a Worker: a model this project generates, a BAR subset dropped
// as files, prompts, a ProReg run with every event, a sweep, per-sample probabilities and an export.
import 'fake-indexeddb/auto';
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodeBackend } from '../backend/backend-node';
import { decodeImageBytes } from '../data/decode-node';
import type { DatasetSummary, Envelope, ReplyMap, Request, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { DEFAULT_METHOD_OPTIONS, DEFAULT_TRAIN_CONFIG } from '../protocol/train-types';
import { barDir, tinyClipDir } from '../testing/shared-fixtures';
import { TINY_P16, writeRandomClip } from '../testing/random-clip-node';
import { ProjectDb } from '../persist/project-db';
import { createHandler } from './handler';
import { ProjectManager } from './project';
import { EngineSession } from './session';

const events: WorkerEvent[] = [];
const replies = new Map<number, WorkerMessage>();
let nextId = 1;
const session = new EngineSession((e) => events.push(e), async (bytes, name) => decodeImageBytes(bytes, name));
const DB = 'handler-test';
const handle = createHandler({
  session,
  project: new ProjectManager(session, () => ProjectDb.open(DB)),
  post: (m) => { if (m.type === 'reply') replies.set(m.id, m); },
  chooseBackend: async (choice) => ({ name: await useNodeBackend(choice === 'auto' ? 'wasm' : choice), reason: 'Node: WASM (XNNPACK)', measured: {} }),
});

async function ask<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<ReplyMap[T]> {
  const env: Envelope = { id: nextId++, request };
  await handle(env);
  const r = replies.get(env.id)!;
  if (r.type !== 'reply') throw new Error('no reply');
  if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}`);
  return r.result as ReplyMap[T];
}

const blobOf = (path: string) => new Blob([readFileSync(path)]);
const modelDir = mkdtempSync(join(tmpdir(), 'proreg-handler-model-'));
const barFiles = (split: string, perClass: number) => {
  const byClass = new Map<string, string[]>();
  for (const f of readdirSync(join(barDir, split)).sort()) {
    const cls = f.slice(0, f.lastIndexOf('_'));
    byClass.set(cls, [...(byClass.get(cls) ?? []), f]);
  }
  return [...byClass.values()].flatMap((fs) => fs.slice(0, perClass)).map((f) => ({ path: `bar/${split}/${f}`, blob: blobOf(join(barDir, split, f)) }));
};
const metadata = JSON.parse(readFileSync(join(barDir, 'metadata.json'), 'utf8')) as Record<string, { source?: string }>;

beforeAll(async () => {
  await useNodeBackend('cpu');
  const tok = { vocab: readFileSync(join(tinyClipDir, 'vocab.json'), 'utf8'), merges: readFileSync(join(tinyClipDir, 'merges.txt'), 'utf8') };
  writeRandomClip(modelDir, { ...TINY_P16, text: { ...TINY_P16.text, vocabSize: 49408 } }, { seed: 2, tokenizer: tok });
});

describe('worker protocol on a BAR subset', () => {
  let summary: DatasetSummary;

  it('reports the backend and loads a dropped model folder', async () => {
    const opened = await ask({ type: 'open-project' });
    expect(opened.samples).toEqual([]);
    const backend = await ask({ type: 'init', backend: 'wasm' });
    expect(backend.name).toBe('wasm');
    const files = Object.fromEntries(readdirSync(modelDir).map((f) => [f, blobOf(join(modelDir, f))]));
    const info = await ask({ type: 'load-model', source: { kind: 'files', files } });
    expect(info.geometry).toMatchObject({ imageSize: 64, patchSize: 16 });
    expect(info.memoryByScope.full).toBeGreaterThan(info.memoryByScope.head);
    expect(events.some((e) => e.type === 'progress' && e.progress.phase === 'warmup')).toBe(true);
  });

  it('imports dropped files: classes from BAR file names, splits from folders, bad files rejected with reasons', async () => {
    const files = [...barFiles('train', 6), ...barFiles('test', 3), { path: 'bar/train/notes.txt', blob: new Blob(['hello']) }, { path: 'bar/train/empty.jpg', blob: new Blob([]) }];
    files.push({ ...files[0], path: 'bar/train/copy.jpg' });
    // Sent as the studio sends many files: slices ahead ('stage-files'), laid out as one import with the last.
    expect(await ask({ type: 'stage-files', files: files.slice(0, 20) })).toBe(20);
    expect(await ask({ type: 'stage-files', files: files.slice(20, 40) })).toBe(40);
    summary = await ask({ type: 'import-files', files: files.slice(40) });
    expect(summary.classes).toEqual(['climbing', 'diving', 'fishing', 'pole vaulting', 'racing', 'throwing']);
    expect(summary.samples.filter((s) => s.split === 'train')).toHaveLength(36);
    expect(summary.samples.filter((s) => s.split === 'test')).toHaveLength(18);
    expect(summary.rejected.map((r) => r.reason).sort()).toEqual(['duplicate', 'empty', 'not-an-image']);
    summary.rejected.forEach((r) => expect(r.message).toContain(r.path.split('/').pop()));
  });

  it('scores prompts zero-shot, with token counts and truncation', async () => {
    const groups = summary.samples.map((s) => ({ ...s, group: metadata[s.path.split('/').pop()!.replace(/\.[^.]+$/, '')]?.source ?? 'unknown' }));
    await ask({ type: 'set-dataset', classes: summary.classes, samples: groups });
    const long = `a photo of a {} ${'very '.repeat(80)}long.`;
    const check = await ask({ type: 'set-prompts', prompts: { classNames: summary.classes, templates: ['a photo of a {}.', long] } });
    expect(check.prompts[0][0]).toEqual({ text: 'a photo of a climbing.', tokens: 8, truncated: false });
    expect(check.prompts[0][1].truncated).toBe(true);
    expect(check.zeroShot.splits.map((s) => s.split)).toEqual(['train', 'test']);
    expect(Object.keys(check.zeroShot.splits[1].perGroup).length).toBeGreaterThan(0);
    await ask({ type: 'set-prompts', prompts: { classNames: summary.classes, templates: ['a photo of a {}.'] } });
  });

  it('trains ProReg with every event, accuracy per split and per group', async () => {
    events.length = 0;
    const run = await ask({ type: 'train', runId: 'r1', config: { ...DEFAULT_TRAIN_CONFIG, scope: 'last-1', epochs: 2, batchSize: 12, microBatch: 6, augment: 'randaugment', teacherView: 'clean', valFraction: 0.2, lrEncoder: 1e-4, lrHead: 1e-2 } });
    const types = new Set(events.map((e) => e.type));
    for (const t of ['progress', 'step', 'eval', 'checkpoint', 'state']) expect(types.has(t as WorkerEvent['type']), t).toBe(true);
    const phases = new Set(events.flatMap((e) => (e.type === 'progress' ? [e.progress.phase] : [])));
    for (const p of ['caching', 'training', 'evaluating val', 'evaluating test', 'done']) expect(phases.has(p), p).toBe(true);
    const steps = events.flatMap((e) => (e.type === 'step' ? [e] : []));
    expect(steps).toHaveLength(run.steps);
    for (const s of steps) {
      expect(s.samples.ids).toBeInstanceOf(Int32Array);
      expect(s.samples.w.length).toBe(s.samples.ids.length);
      for (const k of ['ce', 'kl', 'w', 'ps', 'pt']) expect(Number.isFinite(s.point.means[k]), k).toBe(true);
    }
    const splits = Object.fromEntries(run.final!.splits.map((s) => [s.split, s]));
    expect(Object.keys(splits).sort()).toEqual(['test', 'train', 'val']);
    expect(splits.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(18);
    expect(Object.keys(splits.test.perGroup).length).toBeGreaterThan(0);
    expect(splits.test.worstGroup).not.toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'done' });
  });

  it('sweeps WiSE-FT and the output ensemble, gives per-sample probabilities, exports the model', async () => {
    const sweep = await ask({ type: 'sweep', runId: 'r1', alphas: [0, 0.5, 1] });
    expect(sweep.wise).toHaveLength(3);
    expect(sweep.ensemble[0].accuracy.test).toBeCloseTo(sweep.wise[2].accuracy.test!, 10); // both are the fine-tuned model
    // The finished sweep is stored with its run before the reply: a reload shows it again.
    const db = await ProjectDb.open(DB);
    const [saved] = await db.listProjects();
    const stored = (await db.getRuns(saved.id)).find((r) => r.runId === 'r1');
    expect(stored?.sweep).toEqual({ ensemble: sweep.ensemble, wise: sweep.wise });
    const probs = await ask({ type: 'sample-probs', runId: 'r1', sampleId: summary.samples[0].id });
    expect(probs.zeroShot.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probs.fineTuned).toHaveLength(6);
    const files = await ask({ type: 'export-model', runId: 'r1' });
    expect(files.map((f) => f.name)).toContain('model.safetensors');
    // The run as a PyTorch project: every sample with its studio id, split and group, the images under data/.
    const project = await ask({ type: 'export-torch', runId: 'r1', includeImages: true });
    const text = (name: string) => JSON.parse(new TextDecoder().decode(project.find((f) => f.name === name)!.bytes));
    const manifest = text('manifest.json') as { root: string; samples: { id: number; path: string; group: string | null }[] };
    expect(manifest.root).toBe('data');
    expect(manifest.samples.map((x) => x.id).sort((a, b) => a - b)).toEqual(summary.samples.map((x) => x.id).sort((a, b) => a - b));
    expect(manifest.samples.some((x) => x.group !== null)).toBe(true);
    expect(project.filter((f) => f.name.startsWith('data/')).map((f) => f.name).sort()).toEqual(manifest.samples.map((x) => `data/${x.path}`).sort());
    expect(text('run.json')).toMatchObject({ method: 'proreg', model: { kind: 'folder', name: 'model' }, teacher_head: { W0: expect.any(Array) } });
    expect(project.map((f) => f.name)).toEqual(expect.arrayContaining(['train.py', 'README.md', 'requirements.txt']));
  });

  it('exports a CoOp run with its prompts as token ids around the context and the method options resolved', async () => {
    const coop = { ...DEFAULT_TRAIN_CONFIG, method: 'coop' as const, scope: 'head', epochs: 1, batchSize: 36, microBatch: 12, augment: 'none' as const, valFraction: 0, methodOptions: { ...DEFAULT_METHOD_OPTIONS, coop: { ...DEFAULT_METHOD_OPTIONS.coop, context: 'class' as const, tokens: 3 } } };
    await ask({ type: 'train', runId: 'r-coop', config: coop });
    const project = await ask({ type: 'export-torch', runId: 'r-coop', includeImages: false });
    const run = JSON.parse(new TextDecoder().decode(project.find((f) => f.name === 'run.json')!.bytes));
    expect(run).toMatchObject({ method: 'coop', config: { methodOptions: { coop: { context: 'class', tokens: 3 }, optimizer: 'adamw' } }, coop_prompts: { tokens: 3, phrase_ids: null }, init: null });
    // One suffix per class, pooled at its end token after the start token and the 3 context vectors.
    expect(run.coop_prompts.suffix_ids).toHaveLength(summary.classes.length);
    run.coop_prompts.pool.forEach((p: number, c: number) => expect(run.coop_prompts.suffix_ids[c][p - 4]).toBe(run.prompts.end_id));
    expect(project.map((f) => f.name)).toContain('heads.py');
  });

  it('answers bad requests with a specific error and keeps the session usable', async () => {
    await expect(ask({ type: 'sweep', runId: 'nope', alphas: [0.5] })).rejects.toThrow('no run "nope" in this session');
    await expect(ask({ type: 'set-prompts', prompts: { classNames: ['a'], templates: ['x {}'] } })).rejects.toThrow(/1 class names for 6 classes/);
    await expect(ask({ type: 'train', runId: 'r2', config: { ...DEFAULT_TRAIN_CONFIG, batchSize: 10, microBatch: 4 } })).rejects.toThrow(/batch size 10 must be a multiple of the micro-batch 4/);
    expect((await ask({ type: 'evaluate', runId: 'r1' })).splits.length).toBe(3);
  });
});
