// Plain-words meanings of every term the studio shows: one owner per term, read by the popovers (Term.tsx),
// the chart titles (chart-words.ts) and the lesson. Written for someone who has never trained a model.

export type TermId =
  | 'ce' | 'kl' | 'kd' | 'w' | 'ps' | 'pt' | 'temperature' | 'variant' | 'micro-batch'
  | 'wise-ft' | 'ensemble' | 'teacher-view' | 'backend' | 'zero-shot' | 'in-place' | 'off-place';

export interface GlossaryEntry {
  /** The symbol or short name as it appears on screen. */
  term: string;
  /** A few plain words for it. */
  plain: string;
  /** Two or three sentences: what it is and why it matters here. */
  text: string;
}

export const GLOSSARY: Record<TermId, GlossaryEntry> = {
  ce: {
    term: 'CE', plain: 'error on the label',
    text: 'Cross-entropy: how surprised the model is by the correct label of an image. 0 means it was certain and right; it grows as the model puts less confidence on the true class.',
  },
  kl: {
    term: 'KL', plain: 'distance from the prompt’s guess',
    text: 'Kullback–Leibler divergence between what the model now predicts and what the prompts alone (zero-shot) predicted. 0 means the model still agrees with the prompts.',
  },
  kd: {
    term: 'KD', plain: 'fixed pull toward the prompt',
    text: 'Knowledge distillation: every image is pulled toward the prompts’ prediction with the same strength (alpha), whether the prompt is right or not.',
  },
  w: {
    term: 'w', plain: 'how much an image trusts the prompt',
    text: 'ProReg’s weight per image, between 0 and 1. Near 1: the prompt already knows this image, so the model keeps the prompt’s answer. Near 0: the prompt is wrong here, so the label decides.',
  },
  ps: {
    term: 'p_s', plain: 'model’s confidence in the true class',
    text: 'The probability the model being trained (the student) gives to the correct class of an image, from 0 to 1.',
  },
  pt: {
    term: 'p_t', plain: 'prompt’s confidence in the true class',
    text: 'The probability the prompts alone (the zero-shot teacher, before any training) give to the correct class. It does not change during training.',
  },
  temperature: {
    term: 'temperature', plain: 'how soft the prompt’s guess is',
    text: 'Divides the scores before they become probabilities. Above 1 the prompt’s guess is spread over more classes, so the model learns more about the runner-up classes too.',
  },
  variant: {
    term: 'weight variant', plain: 'how w is computed',
    text: 'The official ProReg weight compares the prompt’s and the model’s losses; prob_ratio and ce_ratio are the two alternatives from the paper’s ablation.',
  },
  'micro-batch': {
    term: 'micro-batch', plain: 'images per pass',
    text: 'How many images go through the model at once. A batch is split into micro-batches whose results add up, so a smaller micro-batch needs less memory but gives the same step.',
  },
  'wise-ft': {
    term: 'WiSE-FT', plain: 'blend of the two models’ weights',
    text: 'Weight-space ensembling: a model whose weights are a mix of the zero-shot and the fine-tuned weights. Sliding the mix shows what sits between the two.',
  },
  ensemble: {
    term: 'ensemble', plain: 'blend of the two models’ answers',
    text: 'Output ensembling: both models answer, and their scores are mixed. Unlike WiSE-FT it runs two models per image.',
  },
  'teacher-view': {
    term: 'teacher view', plain: 'which image the prompt sees',
    text: 'With augmentation, the prompt’s guess can be made on the same altered image the model sees (official) or on the clean image (faster: it is computed once and cached).',
  },
  backend: {
    term: 'backend', plain: 'what runs the maths',
    text: 'WebGPU uses the graphics card; WASM runs on the processor’s cores. The line says which one this browser uses and why it was picked.',
  },
  'zero-shot': {
    term: 'zero-shot', plain: 'the prompts alone, no training',
    text: 'CLIP classifies an image by comparing it with sentences like “a photo of a climbing.”. No image of this dataset has been learned from yet.',
  },
  'in-place': {
    term: 'in-place', plain: 'images like the training ones',
    text: 'Images whose background matches what the class usually shows in training (climbing on a rock wall). Shortcuts learned from the background still work here.',
  },
  'off-place': {
    term: 'off-place', plain: 'images unlike the training ones',
    text: 'Images of the same action in an unusual place (ice climbing, diving from a platform). A model that learned the background instead of the action fails here.',
  },
};

export const TERM_IDS = Object.keys(GLOSSARY) as TermId[];
