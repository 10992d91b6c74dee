// Classes with image counts per split, and rename / merge / delete.
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { SPLITS } from '../../protocol/train-types';
import { countsByClass } from '../../store/dataset-edits';
import { useApp, useAppShallow } from '../common/studio-context';
import { NO_DATASET } from './ThumbGrid';

export const ClassTable = memo(function ClassTable() {
  // Deferred like the thumbnails: a new dataset is counted and rendered in the background, in slices.
  const { classes, samples } = useDeferredValue(useAppShallow((s) => ({ classes: s.classes, samples: s.samples })), NO_DATASET);
  const rows = useMemo(() => countsByClass({ classes, samples }), [classes, samples]);
  const splits = SPLITS.filter((sp) => rows.some((r) => r.counts[sp]));
  return (
    <table className="compact classes" aria-label="Classes">
      <thead>
        <tr>
          <th scope="col">Class</th>
          {splits.map((sp) => <th key={sp} scope="col" className="num">{sp}</th>)}
          <th scope="col" className="num">total</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <ClassRow key={r.name} index={i} name={r.name} classes={classes}>
            {splits.map((sp) => <td key={sp} className="num">{r.counts[sp] ?? 0}</td>)}
            <td className="num">{r.total}</td>
          </ClassRow>
        ))}
      </tbody>
    </table>
  );
});

function ClassRow({ index, name, classes, children }: { index: number; name: string; classes: string[]; children: React.ReactNode }) {
  const rename = useApp((s) => s.renameClass);
  const merge = useApp((s) => s.mergeClasses);
  const remove = useApp((s) => s.deleteClass);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const [confirm, setConfirm] = useState(false);
  /** Index of the existing class the draft names: saving would merge into it, so ask first. */
  const [mergeInto, setMergeInto] = useState<number | null>(null);
  const trimmed = draft.trim();
  const close = () => {
    setEditing(false);
    setMergeInto(null);
  };
  return (
    <tr>
      <th scope="row">
        {editing ? (
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (!trimmed) return;
              const existing = classes.indexOf(trimmed);
              if (existing >= 0 && existing !== index) {
                setMergeInto(existing);
                return;
              }
              rename(index, trimmed);
              close();
            }}
          >
            <input
              aria-label={`New name for ${name}`} value={draft} autoFocus aria-invalid={!trimmed}
              onChange={(e) => { setDraft(e.currentTarget.value); setMergeInto(null); }}
            />
            {mergeInto === null ? (
              <>
                <button type="submit" disabled={!trimmed}>Save</button>
                <button type="button" className="secondary" onClick={close}>Cancel</button>
                {!trimmed && <small className="warn" role="status">A class name cannot be empty.</small>}
              </>
            ) : (
              <span role="alertdialog" aria-label={`Merge ${name} into ${classes[mergeInto]}?`}>
                <small className="warn">“{classes[mergeInto]}” already exists: merge “{name}” into it?</small>
                <button type="button" className="danger" onClick={() => { merge(index, mergeInto); close(); }}>Merge classes</button>
                <button type="button" className="secondary" onClick={() => setMergeInto(null)}>Pick another name</button>
              </span>
            )}
          </form>
        ) : (
          name
        )}
      </th>
      {children}
      <td className="actions">
        <button type="button" className="link" aria-label={`Rename class ${name}`} onClick={() => { setDraft(name); setEditing(true); }}>Rename</button>
        {classes.length > 1 && (
          <select
            aria-label={`Merge class ${name} into`} value=""
            onChange={(e) => {
              const into = Number(e.currentTarget.value);
              if (e.currentTarget.value !== '' && Number.isInteger(into)) merge(index, into);
            }}
          >
            <option value="">Merge into…</option>
            {classes.map((c, j) => (j === index ? null : <option key={c} value={j}>{c}</option>))}
          </select>
        )}
        {confirm ? (
          <>
            <button type="button" className="danger" aria-label={`Confirm delete class ${name}`} onClick={() => { remove(index); setConfirm(false); }}>Delete images too</button>
            <button type="button" className="link" onClick={() => setConfirm(false)}>Keep</button>
          </>
        ) : (
          <button type="button" className="link danger-text" aria-label={`Delete class ${name}`} onClick={() => setConfirm(true)}>Delete</button>
        )}
      </td>
    </tr>
  );
}

/** The last merge, with a way back. */
export function UndoBar() {
  const undo = useApp((s) => s.undo?.label ?? null);
  const undoEdit = useApp((s) => s.undoDatasetEdit);
  if (!undo) return null;
  return (
    <p className="row wrap undo" role="status">
      <span>{undo}.</span>
      <button type="button" className="secondary" onClick={undoEdit}>Undo merge</button>
    </p>
  );
}
