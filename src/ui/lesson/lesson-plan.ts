// The bias lesson's runs and what they showed, as pure functions: the three configs (zero-shot, fine-tune,
// ProReg) sized to finish in minutes on the backend at hand, how long they should take from the measured
// encoding speed, the in-place / off-place accuracies of each run, the images fine-tuning got wrong and
// ProReg got right, and the paragraph that reads the result.
import type { BackendName, DatasetSample } from '../../protocol/messages';
import { CLASSROOM_CONFIG } from '../../store/runs-slice';
import type { EvalResult, Method, TrainConfig } from '../../protocol/train-types';

export const LESSON_METHODS = ['zero-shot', 'finetune', 'proreg'] as const satisfies readonly Method[];
export type LessonMethod = (typeof LESSON_METHODS)[number];

export const METHOD_NAMES: Record<LessonMethod, string> = { 'zero-shot': 'Zero-shot (prompts only)', finetune: 'Plain fine-tuning', proreg: 'ProReg' };

/**
 * One config per method. The held-out 'val' images (same fraction and seed for every run, so the same images)
 * stand for in-place images; the test images are off-place. On a GPU the last block trains; on the CPU only
 * the head does, over features computed once.
 */
export function lessonConfigs(backend: BackendName | undefined): Record<LessonMethod, TrainConfig> {
  const gpu = backend === 'webgpu' || backend === 'webgl';
  const base: TrainConfig = {
    ...CLASSROOM_CONFIG, scope: gpu ? 'last-1' : 'head', epochs: gpu ? 3 : 5, batchSize: 32, microBatch: gpu ? 16 : 32,
    lrHead: gpu ? 1e-3 : 1e-2, valFraction: 0.2, seed: 0, evalsPerEpoch: 1, augment: 'none', teacherView: 'clean',
  };
  return { 'zero-shot': { ...base, method: 'zero-shot' }, finetune: { ...base, method: 'finetune' }, proreg: { ...base, method: 'proreg' } };
}

/**
 * Seconds the three runs should take, from `rate` (images per second through the whole encoder, as measured
 * on this machine). A pass through the last k of L blocks costs k/L of a full pass, a training step ~3x its
 * forward; head-only runs reuse features computed once. Evaluations run every image once per epoch.
 */
export function estimateSeconds(configs: Record<LessonMethod, TrainConfig>, counts: { train: number; all: number }, rate: number, layers: number): number {
  if (!(rate > 0)) return NaN;
  let images = 0;
  for (const c of Object.values(configs)) {
    if (c.scope === 'head' || c.method === 'zero-shot') {
      images += counts.all * 0.05; // features once (shared), the head's passes are tiny
      continue;
    }
    const k = Number(/^last-(\d+)$/.exec(c.scope)?.[1] ?? layers);
    const share = Math.min(1, k / layers);
    images += counts.all * (1 - share); // features below the trained blocks, once
    images += c.epochs * counts.train * 3 * share; // forward + backward through the trained blocks
    images += (c.epochs + 1) * counts.all * share; // evaluations
  }
  return images / rate + 3 * 5; // a few seconds of set-up per run
}

export function formatMinutes(sec: number): string {
  if (!Number.isFinite(sec)) return 'unknown';
  if (sec < 60) return 'under a minute';
  const m = Math.round(sec / 60);
  return m === 1 ? 'about a minute' : `about ${m} minutes`;
}

export interface MethodResult {
  method: LessonMethod;
  runId: string;
  /** Accuracy on held-out images like the training ones ('val'), and on the test images ('test'). */
  inPlace: number | null;
  offPlace: number | null;
}

export function splitAccuracy(e: EvalResult | null, split: 'val' | 'test'): number | null {
  return e?.splits.find((s) => s.split === split)?.accuracy ?? null;
}

/** The official ProReg weight w = p_t^10 / (p_s + p_t^10 + 1e-5), from the prompt's and the model's confidence. */
export function officialWeight(pt: number, ps: number): number {
  const t = pt ** 10;
  return t / (ps + t + 1e-5);
}

export interface Turnaround {
  id: number;
  path: string;
  label: number;
  /** What fine-tuning predicted instead. */
  ftPredicted: number;
  /** Zero-shot probability of the true class (p_t) and ProReg's (p_s). */
  pt: number;
  ps: number;
  w: number;
}

/** Off-place images fine-tuning got wrong and ProReg got right, the ones the prompt was surest about first. */
export function turnarounds(zeroShot: EvalResult | null, ft: EvalResult | null, proreg: EvalResult | null, samples: DatasetSample[], limit = 8): Turnaround[] {
  const split = (e: EvalResult | null) => e?.splits.find((s) => s.split === 'test');
  const z = split(zeroShot);
  const f = split(ft);
  const p = split(proreg);
  if (!z || !f || !p) return [];
  const at = (s: NonNullable<typeof z>) => new Map(Array.from(s.ids, (id, i) => [id, i]));
  const zi = at(z);
  const fi = at(f);
  const byId = new Map(samples.map((s) => [s.id, s]));
  const out: Turnaround[] = [];
  p.ids.forEach((id, i) => {
    const sample = byId.get(id);
    const j = fi.get(id);
    const k = zi.get(id);
    if (!sample || j === undefined || k === undefined) return;
    if (p.predicted[i] !== sample.label || f.predicted[j] === sample.label) return;
    const pt = z.probTrue[k];
    const ps = p.probTrue[i];
    out.push({ id, path: sample.path, label: sample.label, ftPredicted: f.predicted[j], pt, ps, w: officialWeight(pt, ps) });
  });
  return out.sort((a, b) => b.pt - a.pt).slice(0, limit);
}

const pc = (x: number) => `${Math.round(x * 100)}%`;

/** The result in one paragraph, from the runs' own numbers; says so, and suggests why, when ProReg did not win. */
export function readResult(r: Record<LessonMethod, MethodResult | undefined>, trainSteps: number | null, turned: number): string {
  const zs = r['zero-shot'];
  const ft = r.finetune;
  const pr = r.proreg;
  if (!zs || !ft || !pr || ft.inPlace === null || ft.offPlace === null || pr.offPlace === null || zs.offPlace === null) {
    return 'The runs did not all report accuracy on held-out and test images, so there is nothing to compare yet.';
  }
  const gapFt = ft.inPlace - ft.offPlace;
  const parts = [
    gapFt > 0.05
      ? `Plain fine-tuning reached ${pc(ft.inPlace)} on images like its training ones but ${pc(ft.offPlace)} on images in unusual places — a gap of ${Math.round(gapFt * 100)} points: part of what it learned is the place, not the action.`
      : `Plain fine-tuning reached ${pc(ft.inPlace)} on images like its training ones and ${pc(ft.offPlace)} on images in unusual places: no sign here that it learned the place instead of the action.`,
    `The prompts alone (zero-shot) scored ${pc(zs.offPlace)} off-place.`,
  ];
  const diff = pr.offPlace - ft.offPlace;
  if (diff > 0.005) {
    parts.push(`ProReg scored ${pc(pr.offPlace)} off-place, ${Math.round(diff * 100)} points above plain fine-tuning: where the prompt knew the answer, ProReg kept it` +
      (turned > 0 ? `, and ${turned === 1 ? 'one image' : `${turned} images`} below went from wrong to right.` : '.'));
  } else {
    const why: string[] = [];
    if (zs.offPlace < 0.4) why.push(`the prompts’ own guess is poor here (${pc(zs.offPlace)} off-place), so there is little knowledge to keep`);
    if (trainSteps !== null && trainSteps < 50) why.push(`the runs were short (${trainSteps} training steps), too few for fine-tuning to lean on the shortcut`);
    if (why.length === 0) why.push('this dataset or model may not carry the shortcut strongly enough to show');
    parts.push(`This time ProReg did not beat plain fine-tuning off-place (${pc(pr.offPlace)} against ${pc(ft.offPlace)}). A likely reason: ${why.join('; and ')}. Try more epochs or a larger model.`);
  }
  return parts.join(' ');
}
