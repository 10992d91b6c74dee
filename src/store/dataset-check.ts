// What a dataset lacks for a training method, in words that say what to add. The bridge checks it before a
// run starts and the training panel shows it beside Start, so a one-class dataset never reaches the engine
// (where it fails deep inside the loss).
import type { TrainConfig } from '../protocol/train-types';

export function datasetProblems(classes: string[], samples: readonly { label: number; split: string }[], c: Pick<TrainConfig, 'method' | 'valFraction'>): string[] {
  if (samples.length === 0) return ['Import images first.'];
  const out: string[] = [];
  // One pass over the samples (a check per class would walk them once per class).
  const any = new Uint8Array(classes.length);
  const inTrain = new Uint8Array(classes.length);
  let judged = false;
  for (const s of samples) {
    any[s.label] = 1;
    if (s.split === 'train') inTrain[s.label] = 1;
    else if (s.split === 'val' || s.split === 'test' || s.split === 'ood') judged = true;
  }
  const used = classes.filter((_, i) => any[i]);
  if (used.length < 2) {
    const only = used.length === 1 ? ` (only “${used[0]}”)` : '';
    out.push(`Training needs at least two classes${only}: add a folder of images for another class.`);
  }
  if (c.method !== 'zero-shot') {
    const empty = classes.filter((_, i) => !inTrain[i]);
    if (empty.length > 0) out.push(`No training images for ${empty.map((n) => `“${n}”`).join(', ')}: add some under train/<class>/, or delete the class.`);
    if (!judged && !(c.valFraction > 0)) out.push('Nothing to evaluate on: add test images (a test/ folder) or set a validation fraction above 0.');
  }
  return out;
}
