// The lesson's words: two sentences per step, for a class that has never trained a model.
export type StepId = 'question' | 'data' | 'model' | 'plan' | 'runs' | 'results';

export const STEPS: { id: StepId; title: string; text: [string, string] }[] = [
  {
    id: 'question', title: 'Does the model learn the action, or the place?',
    text: [
      'In this dataset, people climb on rock walls and dive underwater in almost every training photo, so the place gives the answer away.',
      'We will teach a model from these photos in two ways and test it on the same actions in unusual places: ice climbing, diving from a platform.',
    ],
  },
  {
    id: 'data', title: 'The photos',
    text: [
      'Training photos show each action in its usual place; test photos show it somewhere unusual.',
      'A fifth of the training photos is kept aside, so we can also measure the usual places on photos the model never saw.',
    ],
  },
  {
    id: 'model', title: 'A model that already reads',
    text: [
      'CLIP has seen millions of photos with captions, so it can match a photo to a sentence like “a photo of a climbing.” without any training.',
      'That guess, made from the prompt alone, is called zero-shot: it knows the action, but it has never seen this dataset.',
    ],
  },
  {
    id: 'plan', title: 'Three ways to answer',
    text: [
      'First the prompts alone; then plain fine-tuning, which learns only from the labelled photos; then ProReg, which learns from the photos while keeping the prompt’s answer where the prompt is sure.',
      'All three see the same photos and are tested on the same photos, so the numbers compare fairly.',
    ],
  },
  {
    id: 'runs', title: 'Training',
    text: [
      'Each run shows its steps live: the error on the labels falls as the model fits the training photos.',
      'For ProReg, w says how much each photo trusts the prompt: near 1 the prompt knows the answer, near 0 the label decides.',
    ],
  },
  {
    id: 'results', title: 'What happened',
    text: [
      'In-place photos look like the training ones; off-place photos show the same action somewhere unusual.',
      'A model that learned the place instead of the action does well in-place and badly off-place.',
    ],
  },
];
