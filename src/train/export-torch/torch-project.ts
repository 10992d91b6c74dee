// A run as a PyTorch project: train.py and its modules (the studio's trainer in plain PyTorch), run.json
// (method, scope, every hyperparameter, seed, prompts as token ids, the teacher's zero-shot head as numbers),
// manifest.json (relative image paths, labels, splits, groups), a README with the launch commands and a
// requirements file. Pure: callers write the files (the CLI to a folder, the studio into a zip).
import type { SplitName, TrainConfig } from '../../protocol/train-types';
import clipModelPy from './project/clip_model.py?raw';
import datasetPy from './project/dataset.py?raw';
import headsPy from './project/heads.py?raw';
import hfFolderPy from './project/hf_folder.py?raw';
import imagesPy from './project/images.py?raw';
import lossesPy from './project/losses.py?raw';
import recordsPy from './project/records.py?raw';
import seededPy from './project/seeded.py?raw';
import trainPy from './project/train.py?raw';
import { methodOptions } from '../../protocol/train-config';
import { SGD_MOMENTUM } from '../sgd';
import { TIP_ADAMW } from '../methods/tip-adapter/tip-adapter-head';
import { FLYP_ADAMW } from '../methods/flyp/flyp-head';
import { DEFAULT_ADAMW } from '../optimizer';
import type { ResolvedRun } from '../run-config';
import type { TorchMethodSpec } from './method-spec';
import { projectReadme } from './project-readme';
import { safeRelativePath } from './safe-path';

export type TorchModelSource = { kind: 'hub'; repo: string; revision: string } | { kind: 'folder'; name: string };

export interface TorchManifestSample {
  /** The studio's sample id (per-sample records report it). */
  id: number;
  /** Relative to the data folder, '/'-separated. */
  path: string;
  label: number;
  split: SplitName;
  group?: string;
}

export interface TorchProjectInput {
  name: string;
  config: TrainConfig;
  /** The run as its job resolved it (run.json's method options are its); absent: read from the config. */
  run?: Pick<ResolvedRun, 'options'>;
  model: TorchModelSource;
  /** The dataset's classes (labels index them). */
  classes: string[];
  /** The names the prompts use, one per class. */
  promptClasses: string[];
  templates: string[];
  /** Token ids of every prompt, class-major ([class][template] flattened), with start and end tokens. */
  tokenIds: number[][];
  endId: number;
  /** The teacher's head: the class embeddings W0 [C][E] and the checkpoint's logit scale. */
  w0: number[][];
  logitScale: number;
  /** Samples in the studio's id order. */
  samples: TorchManifestSample[];
  /** True when the images travel in the project's data/ folder. */
  includeImages: boolean;
  /** CoOp's prompt layout and --init values (torchMethodSpec); absent for the methods that need neither. */
  method?: TorchMethodSpec;
}

export interface ProjectFile {
  name: string;
  bytes: Uint8Array;
}

export const PYTHON_SOURCES: Record<string, string> = {
  'train.py': trainPy,
  'clip_model.py': clipModelPy,
  'heads.py': headsPy,
  'hf_folder.py': hfFolderPy,
  'images.py': imagesPy,
  'losses.py': lossesPy,
  'records.py': recordsPy,
  'seeded.py': seededPy,
  'dataset.py': datasetPy,
};

export const REQUIREMENTS = 'torch>=1.13\ntorchvision>=0.14\nPillow>=9\n';

const text = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => text(`${JSON.stringify(v, null, 2)}\n`);

/** The folder images travel in, inside the project. */
export const DATA_DIR = 'data';

/** The methods train.py implements; the others are refused by name before anything is written. */
export const TORCH_EXPORT_METHODS: readonly string[] = ['zero-shot', 'linear-probe', 'finetune', 'kd', 'proreg', 'coop', 'clip-adapter', 'tip-adapter', 'tip-adapter-f', 'lp-ft', 'flyp'];

/** The optimiser as run.json describes it (train.py builds it from the config the same way). */
function optimizerSpec(cfg: TrainConfig) {
  // FLYP's recipe decays every parameter; its text tower trains in the encoder group, the logit scale in the head's.
  const flyp = cfg.method === 'flyp';
  const groups = flyp ? ['encoder (image and text towers)', 'head (logit scale)'] : ['encoder', 'head'];
  const noDecay = flyp ? 'none' : 'parameters whose name ends in .bias';
  if (methodOptions(cfg).optimizer === 'sgd') return { kind: 'SGD', momentum: SGD_MOMENTUM, dampening: 0, nesterov: false, no_decay: noDecay, groups };
  const a = cfg.method === 'tip-adapter-f' ? TIP_ADAMW : flyp ? FLYP_ADAMW : DEFAULT_ADAMW;
  return { kind: 'AdamW', betas: [a.beta1, a.beta2], eps: a.eps, no_decay: noDecay, groups };
}

export function torchProjectFiles(p: TorchProjectInput): ProjectFile[] {
  if (!TORCH_EXPORT_METHODS.includes(p.config.method)) {
    throw new Error(`a ${p.config.method} run cannot be exported as a PyTorch project yet: the project implements ${TORCH_EXPORT_METHODS.join(', ')}`);
  }
  if (p.promptClasses.length !== p.classes.length) throw new Error(`${p.promptClasses.length} prompt names for ${p.classes.length} classes`);
  if (p.tokenIds.length !== p.classes.length * p.templates.length) throw new Error('one token list per class and template is needed');
  if (p.config.method === 'coop' && !p.method?.coop_prompts) throw new Error('internal: a coop export needs its prompt layout (torchMethodSpec)');
  const samples = p.samples.map((s) => ({ id: s.id, path: safeRelativePath(s.path), label: s.label, split: s.split, group: s.group ?? null }));
  const run = {
    format: 'proreg-studio-torch-run',
    version: 1,
    name: p.name,
    method: p.config.method,
    scope: p.config.scope,
    // The method options resolved, so a config saved before they existed runs with the studio's defaults.
    config: { ...p.config, methodOptions: p.run?.options ?? methodOptions(p.config) },
    optimizer: optimizerSpec(p.config),
    model: p.model,
    classes: p.classes,
    prompt_classes: p.promptClasses,
    templates: p.templates,
    prompts: { end_id: p.endId, token_ids: p.tokenIds },
    teacher_head: { W0: p.w0, logit_scale: p.logitScale },
    coop_prompts: p.method?.coop_prompts ?? null,
    init: p.method?.init ?? null,
    manifest: 'manifest.json',
  };
  const manifest = { root: p.includeImages ? DATA_DIR : null, classes: p.classes, samples };
  return [
    { name: 'run.json', bytes: json(run) },
    { name: 'manifest.json', bytes: json(manifest) },
    ...Object.entries(PYTHON_SOURCES).map(([name, src]) => ({ name, bytes: text(src) })),
    { name: 'requirements.txt', bytes: text(REQUIREMENTS) },
    { name: 'README.md', bytes: text(projectReadme(p)) },
  ];
}
