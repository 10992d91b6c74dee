// Which weights of a model folder or repository the studio reads, decided from its file list alone (so
// before any download): safetensors first, else PyTorch .bin (single or sharded), else a plain statement of
// what the repository holds instead.
import type { SourceFile } from './file-source';

export type WeightsFormat = 'safetensors' | 'safetensors-sharded' | 'bin' | 'bin-sharded';

export type WeightsChoice =
  | { format: WeightsFormat; /** The files to download for the weights. */ files: string[]; bytes: number }
  | { format: 'none'; /** Why nothing fits, e.g. "only TensorFlow (tf_model.h5) and Flax (flax_model.msgpack) weights". */ holds: string };

// Index file, shard pattern, single file; in order of preference.
const FORMATS: readonly { format: WeightsFormat; single?: string; index?: string; shard?: RegExp }[] = [
  { format: 'safetensors', single: 'model.safetensors' },
  { format: 'safetensors-sharded', index: 'model.safetensors.index.json', shard: /^model-\d+-of-\d+\.safetensors$/ },
  { format: 'bin', single: 'pytorch_model.bin' },
  { format: 'bin-sharded', index: 'pytorch_model.bin.index.json', shard: /^pytorch_model-\d+-of-\d+\.bin$/ },
];

const OTHER: readonly [RegExp, string][] = [
  [/^tf_model\.h5$/, 'TensorFlow (tf_model.h5)'],
  [/^flax_model\.msgpack$/, 'Flax (flax_model.msgpack)'],
  [/^open_clip_(pytorch_model\.bin|model\.safetensors)$/, 'OpenCLIP-format'],
  [/\.onnx$/, 'ONNX'],
  [/\.(pt|pth|ckpt)$/, 'non-Hugging-Face PyTorch'],
];

export function chooseWeights(files: readonly SourceFile[]): WeightsChoice {
  const byPath = new Map(files.map((f) => [f.path, f.size]));
  for (const f of FORMATS) {
    if (f.single && byPath.has(f.single)) return { format: f.format, files: [f.single], bytes: byPath.get(f.single)! };
    if (f.index && byPath.has(f.index)) {
      const shards = files.filter((x) => f.shard!.test(x.path));
      return { format: f.format, files: [f.index, ...shards.map((s) => s.path)], bytes: shards.reduce((a, s) => a + s.size, byPath.get(f.index)!) };
    }
  }
  const others = OTHER.flatMap(([re, what]) => (files.some((f) => re.test(f.path)) ? [what] : []));
  return { format: 'none', holds: others.length ? `only ${others.join(' and ')} weights` : 'no weights at all' };
}

/** The message for a source whose weights the studio cannot read. */
export function noWeightsMessage(label: string, holds: string): string {
  return `${label} has ${holds}: the studio reads Hugging Face CLIP weights as model.safetensors or pytorch_model.bin (single or sharded)`;
}
