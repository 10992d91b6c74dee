import { describe, expect, it } from 'vitest';
import { SUMMARY } from './testing/fixtures';
import { createAppStore } from './app-store';
import { hasOwnValSplit } from './dataset-slice';

describe('dataset slice', () => {
  it('holds thumbnails and lets go of those whose images are gone', () => {
    const st = createAppStore();
    const files = [...SUMMARY.samples.map((s) => ({ path: s.path, blob: new Blob(['x']) })), { path: 'train/climbing/notes.txt', blob: new Blob(['t']) }];
    st.getState().applySummary(SUMMARY, files);
    expect([...st.getState().thumbs.keys()]).toHaveLength(4);
    expect(st.getState().thumbs.get('train/climbing/notes.txt')).toBeUndefined();
    // A later summary without files (an edit, another import) keeps the images held for its samples.
    st.getState().applySummary(SUMMARY);
    expect([...st.getState().thumbs.keys()]).toHaveLength(4);
    expect(st.getState().thumbs.get(SUMMARY.samples[0].path)).toBe(files[0].blob);
    expect(st.getState().rejected).toHaveLength(2);
    st.getState().deleteClass(0);
    expect(st.getState().classes).toEqual(['diving']);
    expect([...st.getState().thumbs.keys()]).toEqual(['train/diving/c.jpg', 'test/diving/d.jpg']);
    st.getState().clearDataset();
    expect(st.getState().thumbs.size).toBe(0);
  });

  it('bumps the revision on every edit, not on an import', () => {
    const st = createAppStore();
    st.getState().applySummary(SUMMARY);
    const r0 = st.getState().datasetRevision;
    st.getState().setSampleLabel(0, 1);
    st.getState().renameClass(1, 'dive');
    st.getState().mergeClasses(0, 1);
    expect(st.getState().datasetRevision).toBe(r0 + 3);
    expect(st.getState().classes).toEqual(['dive']);
    expect(st.getState().samples.every((s) => s.label === 0)).toBe(true);
  });

  it('sets groups and carves / undoes a validation split', () => {
    const st = createAppStore();
    st.getState().applySummary(SUMMARY);
    expect(st.getState().setGroups({ 'a.jpg': 'rock' })).toBe(1);
    st.getState().setValSplit(0.5, 1);
    const moved = st.getState().valSplit.moved;
    expect(moved.length).toBe(2); // round(2 * .5) + round(1 * .5)
    expect(hasOwnValSplit(st.getState())).toBe(false);
    st.getState().clearValSplit();
    expect(st.getState().samples.filter((s) => s.split === 'val')).toHaveLength(0);
  });
});
