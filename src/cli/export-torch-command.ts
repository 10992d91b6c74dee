// `cli export-torch`: the run `cli train` would do with the same options, written as a PyTorch project
// folder (train.py for one process or torchrun) instead of being trained here. The same run job plans it:
// its settings fitted to the backend and resolved once, its validation split, its zero-shot head.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ClipBundle } from '../hub/model-bundle';
import { torchMethodSpec } from '../train/export-torch/method-spec';
import { DATA_DIR, torchProjectFiles } from '../train/export-torch/torch-project';
import { safeRelativePath } from '../train/export-torch/safe-path';
import { RunJob } from '../train/run-job';
import { DEFAULT_TEMPLATE, fillTemplate } from '../train/zero-shot';
import { readFolderDataset } from './dataset-node';
import { log, rows } from './io-node';
import { readInitFile } from './method-options';
import { trainConfigFromArgs } from './train-command';

export const EXPORT_TORCH_OPTIONS = { 'include-images': { type: 'boolean' } } as const;

type Values = Record<string, string | string[] | boolean | undefined>;

/** `name` joined under `root`, refusing anything that would land outside it (through '..' or a link). */
export function insideTarget(root: string, name: string): string {
  const target = resolve(root, ...safeRelativePath(name).split('/'));
  if (!target.startsWith(root + sep)) throw new Error(`refusing to write ${name} outside ${root}`);
  // A link already in the folder could redirect a write elsewhere.
  for (let d = dirname(target); d.startsWith(root + sep); d = dirname(d)) {
    if (existsSync(d) && lstatSync(d).isSymbolicLink()) throw new Error(`refusing to write through the link ${relative(root, d)} in ${root}`);
  }
  if (existsSync(target) && lstatSync(target).isSymbolicLink()) throw new Error(`refusing to overwrite the link ${name} in ${root}`);
  return target;
}

export async function exportTorch(bundle: ClipBundle, v: Values): Promise<{ project: string; files: string[] }> {
  if (!v.data || !v.out) throw new Error('export-torch needs --model DIR, --data DIR and --out PROJ');
  const asked = trainConfigFromArgs(v);
  const dataDir = resolve(String(v.data));
  const folder = readFolderDataset(dataDir);
  const templates = (v.template as string[] | undefined)?.length ? (v.template as string[]) : [DEFAULT_TEMPLATE];
  const job = new RunJob({ clip: bundle.model, tokenizer: bundle.tokenizer, config: asked, classNames: folder.classes, templates, backend: tf.getBackend() });
  if (job.note) log(job.note);
  let files: ReturnType<typeof torchProjectFiles>;
  const includeImages = v['include-images'] === true;
  // The splits the run trains on, validation carved as `cli train` carves it.
  const split = job.samples(folder.samples.map((s, id) => ({ id, label: s.label, split: s.split })));
  const samples = folder.samples.map((s, i) => ({ id: i, path: relative(dataDir, s.file).split(sep).join('/'), label: s.label, split: split[i].split }));
  try {
    const ctx = bundle.model.config.text.contextLength;
    const tokenIds = folder.classes.flatMap((c) => templates.map((t) => bundle.tokenizer.tokenize(fillTemplate(t, c), { contextLength: ctx }).ids));
    const w0 = job.classEmbeds();
    const w0Rows = rows(await w0.data(), w0.shape[1]);
    const logitScale = (await bundle.model.params['logit_scale'].data())[0];
    files = torchProjectFiles({
      name: basename(resolve(String(v.out))),
      config: job.config,
      run: job.run,
      model: { kind: 'folder', name: basename(resolve(String(v.model))) },
      classes: folder.classes,
      promptClasses: folder.classes,
      templates,
      tokenIds,
      endId: bundle.tokenizer.endId,
      w0: w0Rows,
      logitScale,
      samples,
      includeImages,
      method: torchMethodSpec(job.config, bundle.tokenizer, folder.classes, ctx, typeof v.init === 'string' ? readInitFile(v.init) : undefined),
    });
  } finally {
    job.dispose();
  }
  mkdirSync(String(v.out), { recursive: true });
  const root = realpathSync(String(v.out));
  const stale = readdirSync(root).filter((n) => !files.some((f) => f.name === n) && n !== DATA_DIR);
  if (stale.length) throw new Error(`${v.out} already holds other files (${stale.slice(0, 3).join(', ')}); export into an empty or new folder`);
  const written: string[] = [];
  for (const f of files) {
    writeFileSync(insideTarget(root, f.name), f.bytes);
    written.push(f.name);
  }
  if (includeImages) {
    for (const s of samples) {
      const name = `${DATA_DIR}/${s.path}`;
      const target = insideTarget(root, name);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(dataDir, ...s.path.split('/')), target);
      written.push(name);
    }
  }
  return { project: String(v.out), files: written };
}
