// The labelled images: what the engine accepted, what it refused, the blobs we hold for thumbnails,
// and the user's edits (labels, classes, groups, validation split).
import type { StateCreator } from 'zustand';
import type { DatasetFile, DatasetSample, DatasetSummary, RejectedFile } from '../protocol/messages';
import type { AppState } from './app-store';
import * as edits from './dataset-edits';

export interface ValSplit {
  fraction: number;
  seed: number;
  /** Ids moved to 'val' by the last carve (so a new carve starts from the original split). */
  moved: number[];
}

export interface DatasetSlice {
  classes: string[];
  samples: DatasetSample[];
  /** Refused files of the latest import. */
  rejected: RejectedFile[];
  /** The images we hold, by dataset path (shown through object URLs made while on screen: ui/common/BlobImage). */
  thumbs: ReadonlyMap<string, Blob>;
  importing: boolean;
  valSplit: ValSplit;
  /** Bumped on every edit the engine has not yet seen. */
  datasetRevision: number;
  /** The dataset before the last class merge, so the merge can be undone. */
  undo: { label: string; classes: string[]; samples: DatasetSample[] } | null;

  setImporting(on: boolean): void;
  /** The engine's list after an import; `files` are the import's blobs, kept for the samples it accepted (they
   * replace those of the same path; the other samples keep theirs). */
  applySummary(summary: DatasetSummary, files?: readonly DatasetFile[]): void;
  renameClass(index: number, name: string): void;
  mergeClasses(from: number, into: number): void;
  deleteClass(index: number): void;
  setSampleLabel(id: number, label: number): void;
  setGroups(groups: Record<string, string>): number;
  setValSplit(fraction: number, seed: number): void;
  clearValSplit(): void;
  clearDataset(): void;
  /** Puts back the dataset as it was before the last merge. */
  undoDatasetEdit(): void;
  /** The dataset of an opened project (the engine has it already: no revision bump). Images are not in the UI. */
  restoreDataset(classes: string[], samples: DatasetSample[], valSplit?: ValSplit): void;
}

/** The images of the samples in the dataset: a new file's, else the one held already. */
function keepUsed(thumbs: ReadonlyMap<string, Blob>, samples: DatasetSample[], files: readonly DatasetFile[] = []): Map<string, Blob> {
  const fresh = new Map(files.map((f) => [f.path, f.blob]));
  const out = new Map<string, Blob>();
  for (const s of samples) {
    const b = fresh.get(s.path) ?? thumbs.get(s.path);
    if (b) out.set(s.path, b);
  }
  return out;
}

const NO_THUMBS: ReadonlyMap<string, Blob> = new Map();

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = (set, get) => {
  const edit = (fn: (d: edits.LabelledSet) => edits.LabelledSet) =>
    set((s) => {
      const next = fn({ classes: s.classes, samples: s.samples });
      return {
        classes: next.classes,
        samples: next.samples,
        thumbs: next.samples.length < s.samples.length ? keepUsed(s.thumbs, next.samples) : s.thumbs,
        datasetRevision: s.datasetRevision + 1,
      };
    });

  return {
    classes: [],
    samples: [],
    rejected: [],
    thumbs: NO_THUMBS,
    importing: false,
    valSplit: { fraction: 0.1, seed: 0, moved: [] },
    datasetRevision: 0,
    undo: null,

    setImporting: (importing) => set({ importing }),
    applySummary: (summary, files = []) =>
      set((s) => ({
        classes: summary.classes,
        samples: summary.samples,
        rejected: summary.rejected,
        thumbs: keepUsed(s.thumbs, summary.samples, files),
        importing: false,
        valSplit: { ...s.valSplit, moved: [] },
        undo: null,
      })),
    renameClass: (index, name) => edit((d) => edits.renameClass(d, index, name)),
    mergeClasses: (from, into) => {
      const { classes, samples } = get();
      if (from === into || !classes[from] || !classes[into]) return;
      edit((d) => edits.mergeClasses(d, from, into));
      set({ undo: { label: `Merged "${classes[from]}" into "${classes[into]}"`, classes, samples } });
    },
    undoDatasetEdit: () =>
      set((s) => (s.undo ? { classes: s.undo.classes, samples: s.undo.samples, undo: null, datasetRevision: s.datasetRevision + 1 } : {})),
    deleteClass: (index) => {
      edit((d) => edits.deleteClass(d, index));
      set({ undo: null });
    },
    setSampleLabel: (id, label) => edit((d) => ({ classes: d.classes, samples: edits.setLabel(d.samples, id, label) })),
    setGroups: (groups) => {
      const { samples, matched } = edits.applyGroups(get().samples, groups);
      set((s) => ({ samples, datasetRevision: s.datasetRevision + 1 }));
      return matched;
    },
    setValSplit: (fraction, seed) =>
      set((s) => {
        const base = edits.restoreTrain(s.samples, s.valSplit.moved);
        const { samples, moved } = edits.carveValidation(base, fraction, seed);
        return { samples, valSplit: { fraction, seed, moved }, datasetRevision: s.datasetRevision + 1 };
      }),
    clearValSplit: () =>
      set((s) => ({
        samples: edits.restoreTrain(s.samples, s.valSplit.moved),
        valSplit: { ...s.valSplit, moved: [] },
        datasetRevision: s.datasetRevision + 1,
      })),
    restoreDataset: (classes, samples, valSplit) =>
      set((s) => ({ classes, samples, rejected: [], thumbs: NO_THUMBS, importing: false, valSplit: valSplit ?? { ...s.valSplit, moved: [] }, undo: null })),
    clearDataset: () =>
      set((s) => ({ classes: [], samples: [], rejected: [], thumbs: NO_THUMBS, valSplit: { ...s.valSplit, moved: [] }, undo: null, datasetRevision: s.datasetRevision + 1 })),
  };
};

/** True when the dataset has a validation split that the user did not carve here. */
export function hasOwnValSplit(s: Pick<DatasetSlice, 'samples' | 'valSplit'>): boolean {
  const moved = new Set(s.valSplit.moved);
  return s.samples.some((x) => x.split === 'val' && !moved.has(x.id));
}
