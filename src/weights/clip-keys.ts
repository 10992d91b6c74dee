// The translation table between Hugging Face CLIPModel keys and the model's parameters. Every checkpoint
// key is consumed once; linear weights go [out,in] -> [in,out]; q, k and v are fused into one [D,3D]
// matrix; the patch convolution [D,3,P,P] becomes a [3PP,D] matrix over (c, kh, kw)-flattened patches.
import type { ClipConfig, TowerConfig } from '../model/config';
import { visionTokens } from '../model/config';
import { clipSpec } from '../model/params';

/** A float view of a checkpoint: names, shapes and data as float32. */
export interface TensorSource {
  shape(name: string): number[];
  read(name: string): Float32Array;
}

/** A parameter produced from the checkpoint: the model's name, shape and data. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** [rows, cols] -> [cols, rows]. */
export function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

interface Rule {
  /** The model's parameter. */
  param: string;
  /** Hugging Face keys it is made from, with their expected shapes. */
  keys: Record<string, number[]>;
  /** Checkpoint tensors (in `keys` order) -> parameter data. */
  toParam: (parts: Float32Array[]) => Float32Array;
  /** Parameter data -> checkpoint tensors (in `keys` order), for export. */
  toKeys: (data: Float32Array) => Float32Array[];
}

const same = (name: string, param: string, shape: number[]): Rule => ({
  param,
  keys: { [name]: shape },
  toParam: ([x]) => x,
  toKeys: (x) => [x],
});

/** nn.Linear weight [out,in] <-> parameter [in,out]. */
const linearW = (name: string, param: string, inDim: number, outDim: number): Rule => ({
  param,
  keys: { [name]: [outDim, inDim] },
  toParam: ([x]) => transpose2d(x, outDim, inDim),
  toKeys: (x) => [transpose2d(x, inDim, outDim)],
});

function towerRules(hf: string, mine: string, t: TowerConfig): Rule[] {
  const D = t.width;
  const M = t.mlpWidth;
  const rules: Rule[] = [];
  for (let i = 0; i < t.layers; i++) {
    const h = `${hf}.encoder.layers.${i}`;
    const m = `${mine}.blocks.${i}`;
    const proj = ['q', 'k', 'v'].map((x) => `${h}.self_attn.${x}_proj`);
    rules.push(
      same(`${h}.layer_norm1.weight`, `${m}.ln1.g`, [D]),
      same(`${h}.layer_norm1.bias`, `${m}.ln1.b`, [D]),
      {
        param: `${m}.attn.qkv.w`,
        keys: Object.fromEntries(proj.map((p) => [`${p}.weight`, [D, D]])),
        // Rows of the stacked [3D, D] (q then k then v) transposed give [D, 3D].
        toParam: (parts) => {
          const stacked = new Float32Array(3 * D * D);
          parts.forEach((p, j) => stacked.set(p, j * D * D));
          return transpose2d(stacked, 3 * D, D);
        },
        toKeys: (x) => {
          const stacked = transpose2d(x, D, 3 * D);
          return [0, 1, 2].map((j) => stacked.slice(j * D * D, (j + 1) * D * D));
        },
      },
      {
        param: `${m}.attn.qkv.b`,
        keys: Object.fromEntries(proj.map((p) => [`${p}.bias`, [D]])),
        toParam: (parts) => {
          const out = new Float32Array(3 * D);
          parts.forEach((p, j) => out.set(p, j * D));
          return out;
        },
        toKeys: (x) => [0, 1, 2].map((j) => x.slice(j * D, (j + 1) * D)),
      },
      linearW(`${h}.self_attn.out_proj.weight`, `${m}.attn.out.w`, D, D),
      same(`${h}.self_attn.out_proj.bias`, `${m}.attn.out.b`, [D]),
      same(`${h}.layer_norm2.weight`, `${m}.ln2.g`, [D]),
      same(`${h}.layer_norm2.bias`, `${m}.ln2.b`, [D]),
      linearW(`${h}.mlp.fc1.weight`, `${m}.mlp.fc1.w`, D, M),
      same(`${h}.mlp.fc1.bias`, `${m}.mlp.fc1.b`, [M]),
      linearW(`${h}.mlp.fc2.weight`, `${m}.mlp.fc2.w`, M, D),
      same(`${h}.mlp.fc2.bias`, `${m}.mlp.fc2.b`, [D]),
    );
  }
  return rules;
}

/** The full table for a config, in checkpoint order. */
export function clipRules(cfg: ClipConfig): Rule[] {
  const v = cfg.vision;
  const t = cfg.text;
  const E = cfg.projectionDim;
  const P = v.patchSize;
  return [
    same('vision_model.embeddings.class_embedding', 'v.cls', [v.width]),
    // Conv weight [D, 3, P, P] is [D, 3PP] in memory; the matMul form wants [3PP, D].
    {
      param: 'v.patch.w',
      keys: { 'vision_model.embeddings.patch_embedding.weight': [v.width, 3, P, P] },
      toParam: ([x]) => transpose2d(x, v.width, 3 * P * P),
      toKeys: (x) => [transpose2d(x, 3 * P * P, v.width)],
    },
    same('vision_model.embeddings.position_embedding.weight', 'v.pos', [visionTokens(v), v.width]),
    same('vision_model.pre_layrnorm.weight', 'v.pre_ln.g', [v.width]), // "layrnorm": Hugging Face's spelling
    same('vision_model.pre_layrnorm.bias', 'v.pre_ln.b', [v.width]),
    ...towerRules('vision_model', 'v', v),
    same('vision_model.post_layernorm.weight', 'v.post_ln.g', [v.width]),
    same('vision_model.post_layernorm.bias', 'v.post_ln.b', [v.width]),
    linearW('visual_projection.weight', 'v.proj.w', v.width, E),
    same('text_model.embeddings.token_embedding.weight', 't.tok', [t.vocabSize, t.width]),
    same('text_model.embeddings.position_embedding.weight', 't.pos', [t.contextLength, t.width]),
    ...towerRules('text_model', 't', t),
    same('text_model.final_layer_norm.weight', 't.final_ln.g', [t.width]),
    same('text_model.final_layer_norm.bias', 't.final_ln.b', [t.width]),
    linearW('text_projection.weight', 't.proj.w', t.width, E),
    same('logit_scale', 'logit_scale', []),
  ];
}

/** Every checkpoint key with the shape config.json implies. */
export function expectedCheckpointShapes(cfg: ClipConfig): Record<string, number[]> {
  return Object.assign({}, ...clipRules(cfg).map((r) => r.keys));
}

/** Checkpoint tensors -> model parameters (host arrays). The caller has validated keys and shapes. */
export function paramsFromCheckpoint(cfg: ClipConfig, src: TensorSource, onParam?: (done: number, total: number) => void): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  const rules = clipRules(cfg);
  const shapes = clipSpec(cfg);
  rules.forEach((r, i) => {
    out[r.param] = { shape: shapes[r.param], data: r.toParam(Object.keys(r.keys).map((k) => src.read(k))) };
    onParam?.(i + 1, rules.length);
  });
  return out;
}

/** Model parameters (host arrays) -> checkpoint tensors with Hugging Face names and shapes. */
export function checkpointFromParams(cfg: ClipConfig, params: Record<string, Float32Array>): Array<{ name: string; shape: number[]; data: Float32Array }> {
  const out: Array<{ name: string; shape: number[]; data: Float32Array }> = [];
  for (const r of clipRules(cfg)) {
    const data = params[r.param];
    if (!data) throw new Error(`cannot export: parameter ${r.param} is missing`);
    const parts = r.toKeys(data);
    Object.entries(r.keys).forEach(([name, shape], j) => out.push({ name, shape, data: parts[j] }));
  }
  return out;
}
