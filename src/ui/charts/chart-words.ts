// What each chart is called in plain words, with its symbol kept in small type, the glossary term behind it
// and its axes with units. The loss reports parts by name (ce, kl, w, ...): a name not listed here still gets
// a chart, titled by its name.
import type { TrainConfig } from '../../protocol/train-types';
import { isStudentMethod } from '../../protocol/train-config';
import type { TermId } from '../glossary/glossary';

export interface ChartWords {
  /** Plain title, e.g. "How much each image trusts the prompt". */
  plain: string;
  /** The symbol shown in small type after it, e.g. "w". */
  symbol?: string;
  term?: TermId;
  /** Y axis with its unit. */
  y: string;
}

export const STEP_AXIS = 'training step';

/** Titles of the per-step charts, by the loss part's name (each point is the mean over the step's images). */
export const PART_WORDS: Record<string, ChartWords> = {
  ce: { plain: 'Error on the labels', symbol: 'CE', term: 'ce', y: 'cross-entropy (nats)' },
  kl: { plain: 'Distance from the prompt’s guess', symbol: 'KL', term: 'kl', y: 'KL divergence (nats)' },
  kd: { plain: 'Pull toward the prompt’s guess', symbol: 'KD', term: 'kd', y: 'KD loss (nats)' },
  w: { plain: 'How much each image trusts the prompt', symbol: 'w', term: 'w', y: 'mean weight (0 to 1)' },
  ps: { plain: 'Student’s confidence in the true class', symbol: 'p_s', term: 'ps', y: 'mean probability' },
  pt: { plain: 'Prompt’s confidence in the true class', symbol: 'p_t', term: 'pt', y: 'mean probability' },
  loss: { plain: 'Total training loss', y: 'loss (nats)' },
};

export function partWords(name: string): ChartWords {
  return PART_WORDS[name] ?? { plain: `Mean ${name}`, y: name };
}

/** The full title as one string (figure label, file name): "Plain words (symbol)". */
export function titleOf(w: Pick<ChartWords, 'plain' | 'symbol'>): string {
  return w.symbol ? `${w.plain} (${w.symbol})` : w.plain;
}

/** The other charts of the studio. */
export const CHART_WORDS = {
  wVsPt: { plain: 'Trust in the prompt against the prompt’s confidence', symbol: 'w vs p_t', term: 'w', y: 'w (0 to 1)', x: 'prompt’s confidence in the true class, p_t' },
  klVsCe: { plain: 'Distance from the prompt against error on the label', symbol: 'KL vs CE', term: 'kl', y: 'KL (nats)', x: 'CE (nats)' },
  wHistogram: { plain: 'How many images trust the prompt how much', symbol: 'w', term: 'w', y: 'images', x: 'w (0 = follow the label, 1 = follow the prompt)' },
  accuracy: { plain: 'Accuracy per split', y: 'accuracy (%)', x: STEP_AXIS },
  sweep: { plain: 'Alpha sweep: accuracy between zero-shot and fine-tuned', symbol: 'WiSE-FT and ensemble', term: 'wise-ft', y: 'accuracy (%)', x: 'weight on the fine-tuned model (0 = zero-shot, 1 = fine-tuned)' },
} as const satisfies Record<string, ChartWords & { x: string }>;

/** What a run's charts depend on: its method and whether ProReg's term was added to it. */
export type ChartRun = Pick<TrainConfig, 'method' | 'methodOptions'> | undefined;

/** ProReg itself, or a student method with ProReg's term switched on (Tip-Adapter trains nothing to add it to). */
function hasProregTerm(run: ChartRun): boolean {
  if (!run) return false;
  return run.method === 'proreg' || (isStudentMethod(run.method) && run.method !== 'tip-adapter' && run.methodOptions?.proreg === true);
}

/** Charts that read the prompt term: they only mean something for methods that have one. */
export function showsPromptCharts(run: ChartRun): boolean {
  return hasProregTerm(run) || run?.method === 'kd';
}

/** Whether a loss part's chart means something for a method: w is ProReg's alone, KD only where the prompt
 * term is trained on. The rest (error, distance from the prompt, confidences) describe any run. */
export function partApplies(name: string, run: ChartRun): boolean {
  if (name === 'w') return showsWeightCharts(run);
  if (name === 'kd') return showsPromptCharts(run);
  return true;
}

/** The per-image weight w exists only where ProReg's term is trained on (ProReg, or a method with its switch). */
export function showsWeightCharts(run: ChartRun): boolean {
  return hasProregTerm(run);
}
