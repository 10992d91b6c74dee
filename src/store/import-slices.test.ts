// A large import never becomes one long main-thread task: the files go to the engine in messages of
// IMPORT_SLICE files, and the thumbnails keep the blobs (no object URL is made at import).
import { describe, expect, it } from 'vitest';
import type { DatasetFile } from '../protocol/messages';
import { FakeEngine } from './testing/fake-engine';
import { SUMMARY } from './testing/fixtures';
import { IMPORT_SLICE } from './engine-bridge';
import { createStudio } from './studio';

const files = (n: number): DatasetFile[] => Array.from({ length: n }, (_, i) => ({ path: `train/c${i % 2}/${i}.jpg`, blob: new Blob([String(i)]) }));

describe('import in slices', () => {
  it('sends the files in messages of at most IMPORT_SLICE, each file once and in order', async () => {
    const staged: DatasetFile[][] = [];
    const e = new FakeEngine()
      .on('stage-files', (r) => (staged.push(r.files), staged.flat().length))
      .on('import-files', () => SUMMARY);
    const { store, bridge } = createStudio(e, { promptDebounceMs: 1e6, datasetDebounceMs: 0 });
    const all = [...files(2 * IMPORT_SLICE + 7), ...SUMMARY.samples.map((s) => ({ path: s.path, blob: new Blob(['x']) }))];
    await bridge.importFiles(all);
    const last = e.sent('import-files')[0].files;
    expect(staged.map((f) => f.length)).toEqual(Array(Math.ceil(all.length / IMPORT_SLICE) - 1).fill(IMPORT_SLICE));
    expect(last.length).toBeGreaterThan(0);
    expect(last.length).toBeLessThanOrEqual(IMPORT_SLICE);
    expect([...staged.flat(), ...last].map((f) => f.path)).toEqual(all.map((f) => f.path));
    // Thumbnails stay for the accepted images only.
    expect([...store.getState().thumbs.keys()].sort()).toEqual(SUMMARY.samples.map((s) => s.path).sort());
    for (const s of SUMMARY.samples) expect(store.getState().thumbs.get(s.path)).toBe(all.find((f) => f.path === s.path)!.blob);
    expect(store.getState().samples).toEqual(SUMMARY.samples);
  });

  it('a failed import holds no thumbnails', async () => {
    const e = new FakeEngine().on('import-files', () => {
      throw new Error('the engine stopped');
    });
    const { store, bridge } = createStudio(e, { promptDebounceMs: 1e6, datasetDebounceMs: 0 });
    await bridge.importFiles(files(5));
    expect(store.getState().errors.Dataset).toMatch(/the engine stopped/);
    expect(store.getState().thumbs.size).toBe(0);
  });
});
