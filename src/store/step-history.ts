// Fills a restored run's step table from the engine's own history: the UI saves its table every few seconds
// while the engine saves every step's point with each checkpoint, so after a reload or a closed tab the
// steps between the UI's last save and the checkpoint come from the engine.
import type { StepPoint } from '../protocol/train-types';
import { appendRow, emptyTable, type StepTable } from './metrics-store';

/** `table` (or an empty one) with every point of `history` past its last step appended, in step order. */
export function withEngineHistory(table: StepTable | null, history: readonly StepPoint[] | undefined): StepTable | null {
  const last = table?.step.length ? table.step[table.step.length - 1] : -1;
  const missing = (history ?? []).filter((p) => p.step > last).sort((a, b) => a.step - b.step);
  if (missing.length === 0) return table;
  const out: StepTable = table
    ? { step: [...table.step], epoch: [...table.epoch], loss: [...table.loss], lrEncoder: [...table.lrEncoder], lrHead: [...table.lrHead], means: Object.fromEntries(Object.entries(table.means).map(([k, v]) => [k, [...v]])) }
    : emptyTable();
  // A saved table is user input: square its columns before appending.
  for (const col of Object.values(out.means)) while (col.length < out.step.length) col.push(NaN);
  for (const p of missing) appendRow(out, p);
  return out;
}
