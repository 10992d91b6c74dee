// `cli bench-methods`: every listed method on the same data, seeds, splits and budget, then the paper-style
// table (ID, OOD, per-group and worst-group accuracy; mean and spread over seeds) as JSON.
// A method may carry "+proreg" (e.g. coop+proreg) to add ProReg's term. On the command line each class is
// its own group; the studio's table uses the dataset's groups.
import { readFileSync } from 'node:fs';
import type { ClipBundle } from '../hub/model-bundle';
import { decodeImageBytes } from '../data/decode-node';
import { imageTrainData } from '../train/image-train-data';
import { methodRows, type MethodRunResult } from '../shared/method-table';
import { runSamples } from '../train/train-data';
import { Trainer } from '../train/trainer';
import { classEmbeddings, DEFAULT_TEMPLATE } from '../train/zero-shot';
import { DEFAULT_TRAIN_CONFIG } from '../protocol/train-config';
import { readFolderDataset } from './dataset-node';
import { log } from './io-node';
import { trainConfigFromArgs } from './train-command';

export const BENCH_OPTIONS = {
  methods: { type: 'string' },
  seeds: { type: 'string' },
} as const;

type Values = Record<string, string | string[] | boolean | undefined>;

/** "a,b+proreg" -> [{ method: 'a', proreg: false }, ...]. */
export function parseMethodList(text: string): { label: string; method: string; proreg: boolean }[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error('--methods needs at least one method, e.g. --methods zero-shot,coop,proreg');
  return items.map((label) => ({ label, method: label.replace(/\+proreg$/, ''), proreg: label.endsWith('+proreg') }));
}

export async function benchMethods(bundle: ClipBundle, v: Values) {
  if (!v.data || typeof v.methods !== 'string') throw new Error('bench-methods needs --data DIR and --methods a,b,c');
  const list = parseMethodList(v.methods);
  const seeds = typeof v.seeds === 'string' ? v.seeds.split(',').map((s) => Number(s.trim())) : [Number(v.seed ?? 0)];
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds must be whole numbers "0,1,2", got "${String(v.seeds)}"`);
  // One budget for every method: the recipe defaults that change epochs or the schedule do not apply here.
  const budget: Values = { ...v, epochs: v.epochs ?? '10', schedule: v.schedule ?? DEFAULT_TRAIN_CONFIG.schedule };
  const configs = list.map((m) => ({ ...m, config: trainConfigFromArgs({ ...budget, method: m.method, proreg: m.proreg || v.proreg === true }) })); // fails fast on a bad name
  const folder = readFolderDataset(String(v.data));
  const templates = (v.template as string[] | undefined)?.length ? (v.template as string[]) : [DEFAULT_TEMPLATE];
  const all = folder.samples.map((s, id) => ({ id, label: s.label, split: s.split, group: folder.classes[s.label] }));
  const data = imageTrainData({
    classNames: folder.classes,
    samples: all,
    preprocess: bundle.preprocess,
    decode: async (id) => decodeImageBytes(new Uint8Array(readFileSync(folder.samples[id].file)), folder.samples[id].file),
  });
  const failures = await data.warm((d, t) => d % 50 === 0 && log(`preprocessed ${d}/${t}`));
  if (failures.size) throw new Error(`cannot read ${failures.size} image(s): ${[...failures.entries()].slice(0, 3).map(([id, e]) => `${folder.samples[id].file}: ${e.message}`).join('; ')}`);
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, folder.classes, templates);
  const results: MethodRunResult[] = [];
  try {
    for (const seed of seeds) {
      for (const m of configs) {
        const cfg = { ...m.config, seed };
        // Same splits for every method of a seed: the validation carve depends on the seed alone.
        const samples = runSamples(all, cfg);
        log(`${m.label}, seed ${seed}`);
        const trainer = new Trainer(bundle.model, w0, { ...data, samples }, cfg, {}, undefined, { tokenizer: bundle.tokenizer, templates });
        try {
          const r = await trainer.train();
          const splits: MethodRunResult['splits'] = {};
          for (const s of r.final?.splits ?? []) splits[s.split] = { accuracy: s.accuracy, perGroup: s.perGroup, worstGroup: s.worstGroup };
          results.push({ method: m.label, seed, splits });
          r.model.dispose();
        } finally {
          trainer.dispose();
        }
      }
    }
  } finally {
    w0.dispose();
  }
  return { classes: folder.classes, seeds, templates, methods: methodRows(results), runs: results };
}
