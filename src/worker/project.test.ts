// Projects survive anything: a "reload" (a fresh session on the same IndexedDB) restores the dataset, the
// UI's state and an interrupted run, which resumes from its checkpoint; export -> import round-trips exactly.
import 'fake-indexeddb/auto';
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useNodeBackend } from '../backend/backend-node';
import { decodeImageBytes } from '../data/decode-node';
import { ProjectDb } from '../persist/project-db';
import type { Envelope, ReplyMap, Request, WorkerEvent } from '../protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../protocol/train-types';
import { barDir, tinyClipDir } from '../testing/shared-fixtures';
import { TINY_P16, writeRandomClip } from '../testing/random-clip-node';
import { createHandler } from './handler';
import { ProjectManager } from './project';
import { EngineSession } from './session';

const DB = 'project-test';
const modelDir = mkdtempSync(join(tmpdir(), 'proreg-project-model-'));

/** One "tab": a session, its handler and its project manager on the shared IndexedDB. */
function tab(onEvent: (e: WorkerEvent, s: EngineSession) => void = () => {}) {
  let nextId = 1;
  const replies = new Map<number, { ok: boolean; result?: unknown; error?: { message: string } }>();
  const session: EngineSession = new EngineSession((e) => onEvent(e, session), async (b, n) => decodeImageBytes(b, n));
  const project = new ProjectManager(session, () => ProjectDb.open(DB));
  const handle = createHandler({
    session, project,
    post: (m) => { if (m.type === 'reply') replies.set(m.id, m); },
    chooseBackend: async () => ({ name: await useNodeBackend('wasm'), reason: 'Node', measured: {} }),
  });
  async function ask<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<ReplyMap[T]> {
    const env: Envelope = { id: nextId++, request };
    await handle(env);
    const r = replies.get(env.id)!;
    if (!r.ok) throw new Error(r.error!.message);
    return r.result as ReplyMap[T];
  }
  return { ask, session, project };
}

const modelFiles = () => Object.fromEntries(readdirSync(modelDir).map((f) => [f, new Blob([readFileSync(join(modelDir, f))])]));
const bar = (split: string, n: number) => readdirSync(join(barDir, split)).sort().filter((_, i) => i % 97 === 0).slice(0, n).map((f) => ({ path: `bar/${split}/${f}`, blob: new Blob([readFileSync(join(barDir, split, f))]) }));
const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, scope: 'last-1', epochs: 4, batchSize: 6, microBatch: 6, augment: 'none', valFraction: 0, evalsPerEpoch: 1, lrEncoder: 1e-4, lrHead: 1e-2 };

beforeAll(async () => {
  await useNodeBackend('wasm');
  const tok = { vocab: readFileSync(join(tinyClipDir, 'vocab.json'), 'utf8'), merges: readFileSync(join(tinyClipDir, 'merges.txt'), 'utf8') };
  writeRandomClip(modelDir, { ...TINY_P16, text: { ...TINY_P16.text, vocabSize: 49408 } }, { seed: 4, tokenizer: tok });
});

describe('projects', () => {
  let projectId = '';
  let interruptedAt = 0;
  const fullSteps: number[] = [];

  it('saves as you go: a reload restores the dataset, the UI state and the interrupted run, which resumes', async () => {
    // Tab 1: import, edit, train until the second checkpoint, then the tab "closes" (the run is cut off).
    const t1 = tab((e, s) => {
      if (e.type === 'checkpoint' && e.step >= 4) s.runs.control?.stop();
    });
    projectId = (await t1.ask({ type: 'open-project' })).projectId;
    await t1.ask({ type: 'load-model', source: { kind: 'files', files: modelFiles() } });
    const summary = await t1.ask({ type: 'import-files', files: [...bar('train', 12), ...bar('test', 6)] });
    const edited = summary.samples.map((s, i) => ({ ...s, group: i % 2 ? 'odd' : 'even' }));
    await t1.ask({ type: 'set-dataset', classes: summary.classes, samples: edited });
    await t1.ask({ type: 'set-prompts', prompts: { classNames: summary.classes, templates: ['a photo of a {}.'] } });
    await t1.ask({ type: 'save-ui-state', ui: { prompts: ['a photo of a {}.'], note: 'kept' }, name: 'BAR study' });
    const cut = await t1.ask({ type: 'train', runId: 'run-a', config });
    expect(cut.stopped).toBe(true);
    interruptedAt = cut.steps;
    await t1.project.flush();

    // Tab 2: a fresh session on the same storage.
    const evalSteps: number[] = [];
    const t2 = tab((e) => {
      if (e.type === 'step') fullSteps.push(e.point.step);
      if (e.type === 'eval') evalSteps.push(e.result.step);
    });
    const state = await t2.ask({ type: 'open-project' });
    expect(state).toMatchObject({ projectId, name: 'BAR study', ui: { note: 'kept' } });
    expect(state.samples).toEqual(edited);
    const run = state.runs.find((r) => r.runId === 'run-a')!;
    expect(run).toMatchObject({ done: false, resumable: true });
    expect(run.lastStep).toBeLessThanOrEqual(interruptedAt);
    // Every step up to the checkpoint is in the engine's saved history (the UI fills its gaps from it).
    expect(run.history!.map((p) => p.step).slice(0, run.lastStep!)).toEqual(Array.from({ length: run.lastStep! }, (_, i) => i));
    // The engine's record is the run's one record: its name, evaluations and checkpoints come back with it.
    expect(run).toMatchObject({ label: '#1 proreg · last-1', stopped: true, error: null });
    expect(run.checkpoints!.map((c) => c.step)).toContain(run.lastStep);
    expect(run.evals!.length).toBeGreaterThan(0);
    expect(run.evals!.every((e) => e.step <= interruptedAt && e.splits.length > 0)).toBe(true);
    expect(run.evals![0].splits[0].ids).toBeInstanceOf(Int32Array);
    await t2.ask({ type: 'load-model', source: { kind: 'files', files: modelFiles() } });
    await t2.ask({ type: 'set-prompts', prompts: { classNames: state.classes, templates: ['a photo of a {}.'] } });
    const resumed = await t2.ask({ type: 'train', runId: 'run-a', config, resume: true });
    expect(resumed.stopped).toBe(false);
    expect(fullSteps[0]).toBe(run.lastStep); // continues from the checkpoint, not from 0
    expect(resumed.steps).toBe(4 * 2);
    const whole = t2.session.runs.get('run-a');
    // Kept up to the checkpoint, then each evaluation the resumed run gave, as it came.
    expect(whole.evals!.map((e) => e.step)).toEqual([...run.evals!.map((e) => e.step).filter((s) => s <= run.lastStep!), ...evalSteps]);
    expect(whole.checkpoints!.filter((c) => c.step > run.lastStep!).length).toBeGreaterThan(0);
    await t2.project.flush();
    const after = await t2.ask({ type: 'list-projects' });
    expect(after.find((p) => p.id === projectId)?.name).toBe('BAR study');
  });

  it('exports a project as one file and imports it back exactly', async () => {
    const t = tab();
    const original = await t.ask({ type: 'open-project', projectId });
    const ids = original.samples.map((s) => s.id);
    const images = new Map((await t.session.dataset.bytesOfMany(ids)).map((b, i) => [ids[i], b]));
    const ckpt = t.session.runs.get('run-a').best!;
    const file = await t.ask({ type: 'export-project' });
    expect(file.name).toBe('BAR-study.proreg.zip');
    const copy = await t.ask({ type: 'import-project', bytes: file.bytes });
    expect(copy.projectId).not.toBe(projectId);
    expect({ ...copy, projectId: '' }).toEqual({ ...original, projectId: '' });
    for (const s of copy.samples) expect(Buffer.from(await t.session.dataset.bytesOf(s.id)).equals(Buffer.from(images.get(s.id)!))).toBe(true);
    const back = t.session.runs.get('run-a').best!;
    expect(back.step).toBe(ckpt.step);
    for (const [k, v] of Object.entries(ckpt.vars)) expect(Buffer.from(back.vars[k].buffer).equals(Buffer.from(v.buffer))).toBe(true);
    for (const [k, v] of Object.entries(ckpt.adam.m)) expect(Buffer.from(back.adam.m[k].buffer).equals(Buffer.from(v.buffer))).toBe(true);
  });

  it('refuses a hostile project file with the reason and keeps the open project', async () => {
    const t = tab();
    await t.ask({ type: 'open-project', projectId });
    const bad = new TextEncoder().encode('not a zip at all');
    await expect(t.ask({ type: 'import-project', bytes: bad.buffer as ArrayBuffer })).rejects.toThrow('not a ProReg Studio project file (not a zip archive)');
    expect(t.project.projectId).toBe(projectId);
  });

  it('a most recent project that cannot be opened gives way to a new one, with the reason: nobody is locked out', async () => {
    const db = await ProjectDb.open(DB);
    const broken = { id: 'p-broken', name: 'Broken', createdAt: 1, updatedAt: 0, classes: ['a'], samples: { not: 'a list' } as unknown as [], ui: null };
    await db.putProject(broken); // putProject stamps it as the most recent
    db.close();
    const t = tab();
    const state = await t.ask({ type: 'open-project' });
    expect(state.projectId).not.toBe('p-broken');
    expect(state.samples).toEqual([]);
    expect(state.notice).toMatch(/^the last project "Broken" could not be opened \(.+\); a new project was started/);
    // The broken one is still listed, so it can be deleted or tried again.
    expect((await t.ask({ type: 'list-projects' })).map((p) => p.id)).toContain('p-broken');
    await t.ask({ type: 'delete-project', projectId: 'p-broken' });
  });

  it('after a clear, importing the same images again accepts them, also after a reload', async () => {
    const t1 = tab();
    await t1.ask({ type: 'open-project', projectId });
    const files = bar('train', 4);
    const first = await t1.ask({ type: 'import-files', files });
    expect(first.rejected.map((r) => r.reason)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    await t1.ask({ type: 'set-dataset', classes: [], samples: [] });
    const again = await t1.ask({ type: 'import-files', files });
    expect(again.rejected).toEqual([]);
    expect(again.samples.map((x) => x.path)).toEqual(files.map((f) => f.path));
    await t1.ask({ type: 'set-dataset', classes: [], samples: [] });
    await t1.project.flush();
    const t2 = tab(); // a reload: the cleared images are still in storage, but no longer in the project
    expect((await t2.ask({ type: 'open-project', projectId })).samples).toEqual([]);
    const reloaded = await t2.ask({ type: 'import-files', files });
    expect(reloaded.rejected).toEqual([]);
    expect(reloaded.samples).toHaveLength(4);
    const twice = await t2.ask({ type: 'import-files', files });
    expect(twice.rejected.map((r) => r.reason)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('a run that finishes while its checkpoint is being written is stored as done', async () => {
    const db = await ProjectDb.open(DB);
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const putRun = db.putRun.bind(db);
    let writes = 0;
    db.putRun = async (r) => {
      writes++;
      if (writes === 1) await gate; // the checkpoint's write is slow
      return putRun(r);
    };
    const session = new EngineSession(() => {}, async (b, n) => decodeImageBytes(b, n));
    const project = new ProjectManager(session, async () => db);
    await project.open(projectId);
    const record = { runId: 'run-race', config, samples: [], classNames: [], templates: [], logits: new Map(), best: null, last: null, final: null, done: false };
    void session.runs.onChange(record, false); // a checkpoint: its write starts and waits
    await new Promise((r) => setTimeout(r, 0));
    record.done = true; // the run ends meanwhile: the same record object, changed in place
    const stored = session.runs.onChange(record, true);
    release();
    await stored;
    expect((await db.getRuns(projectId)).find((r) => r.runId === 'run-race')?.done).toBe(true);
    expect(writes).toBe(2);
  });

  it('keeps no original image bytes in memory once they are stored: decoding and duplicate checks read them back', async () => {
    const t = tab();
    await t.ask({ type: 'open-project', projectId });
    expect(t.session.dataset.heldByteCount()).toBe(0); // a reopened project reads its images from storage
    // Images not in the project yet: other files than bar() picks.
    const files = readdirSync(join(barDir, 'test')).sort().filter((_, i) => i % 97 === 48).slice(0, 6)
      .map((f) => ({ path: `more/test/${f}`, blob: new Blob([readFileSync(join(barDir, 'test', f))]) }));
    const sizes = await Promise.all(files.map(async (f) => (await f.blob.arrayBuffer()).byteLength));
    const summary = await t.ask({ type: 'import-files', files });
    expect(summary.rejected).toEqual([]);
    const added = summary.samples.filter((s) => s.path.startsWith('more/'));
    expect(added).toHaveLength(6);
    await t.project.flush();
    expect(t.session.dataset.heldByteCount()).toBe(0);
    // Read back on demand, byte for byte, and decoded as before.
    const back = await t.session.dataset.bytesOfMany(added.map((s) => s.id));
    for (const [i, f] of files.entries()) expect(Buffer.from(back[i]).equals(Buffer.from(await f.blob.arrayBuffer()))).toBe(true);
    const img = await t.session.dataset.decode(added[0].id);
    expect(img.width * img.height).toBeGreaterThan(0);
    // Duplicates are still found against stored images, also in a fresh tab.
    const again = await tab().ask({ type: 'open-project', projectId }).then(async () => t.ask({ type: 'import-files', files }));
    expect(again.rejected.map((r) => r.reason)).toEqual(files.map(() => 'duplicate'));
    // Without a store (the CLI's session, no project open), the bytes stay in memory.
    const bare = new EngineSession(() => {}, async (b, n) => decodeImageBytes(b, n));
    await bare.importFiles(files);
    expect(bare.dataset.heldByteCount()).toBe(sizes.reduce((a, b) => a + b, 0));
  });
});
