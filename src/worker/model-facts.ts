// The facts a person chooses a model by, before downloading it: the download size (from the repository's
// file listing), which training scopes fit this backend's memory (from the training memory estimate), and
// the images per second to expect here (the backend's own micro-benchmark, scaled by the model's FLOPs).
import type { ClipConfig, VisionConfig } from '../model/config';
import { visionTokens } from '../model/config';
import { clipSpec } from '../model/params';
import type { BackendReport, ModelFacts } from '../protocol/messages';
import { chooseWeights } from '../hub/weights-choice';
import type { FileSource, SourceFile } from '../hub/file-source';
import { ModelFilesError } from '../hub/model-bundle';
import { estimateTrainingBytes, WASM_HEAP_BUDGET } from '../train/memory-estimate';
import type { Scope } from '../train/scope';
import { parseClipConfig } from '../weights/hf-config';

// The files a load downloads besides the weights (the optional ones only where present).
const SIDE_FILES = ['config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json'];

/** Multiply-adds x 2 of one image through the vision tower (patch projection, blocks, projection). */
export function visionFlops(v: VisionConfig, projectionDim: number): number {
  const N = visionTokens(v);
  const D = v.width;
  const patches = N - 1;
  const block = N * (4 * D * D + 2 * D * v.mlpWidth) + 2 * N * N * D; // qkv + out, MLP; scores + weighted sum
  return 2 * (patches * 3 * v.patchSize * v.patchSize * D + v.layers * block + D * projectionDim);
}

/** A backward pass costs about twice the forward: a step over the whole tower is ~3 forwards. */
const TRAIN_STEP_FORWARDS = 3;

export function scopesOf(cfg: ClipConfig): [string, Scope][] {
  const k = Math.min(2, cfg.vision.layers);
  return [['head', { kind: 'head' }], [`last-${k}`, { kind: 'last', blocks: k }], ['full', { kind: 'full' }]];
}

export function modelFacts(repo: string, files: readonly SourceFile[], configJson: unknown, backend: BackendReport | null, classes = 10): ModelFacts {
  const choice = chooseWeights(files);
  if (choice.format === 'none') return { repo, holds: choice.holds, downloadBytes: 0 };
  const sizes = new Map(files.map((f) => [f.path, f.size]));
  const downloadBytes = choice.bytes + SIDE_FILES.reduce((a, f) => a + (sizes.get(f) ?? 0), 0);
  const cfg = parseClipConfig(configJson);
  const spec = clipSpec(cfg);
  const count = (prefix: string) => Object.entries(spec).filter(([n]) => n.startsWith(prefix)).reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);
  // The engine lowers the micro-batch until a run fits, so a scope fits when one image per pass does.
  const memory = scopesOf(cfg).map(([name, scope]) => {
    const bytes = estimateTrainingBytes(cfg, scope, 1, classes, true);
    return { scope: name, bytes, fits: backend?.name === 'wasm' ? bytes <= WASM_HEAP_BUDGET : null };
  });
  const gflops = backend ? backend.measured[backend.name] : undefined;
  const flops = visionFlops(cfg.vision, cfg.projectionDim);
  return {
    repo,
    weights: { format: choice.format, files: choice.files },
    downloadBytes,
    parameters: { vision: count('v.'), total: Object.values(spec).reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0) },
    geometry: { imageSize: cfg.vision.imageSize, patchSize: cfg.vision.patchSize, visionWidth: cfg.vision.width, visionLayers: cfg.vision.layers },
    memory,
    visionGflops: flops / 1e9,
    imagesPerSec: gflops ? { backend: backend!.name, gflops, encode: (gflops * 1e9) / flops, fullStep: (gflops * 1e9) / (TRAIN_STEP_FORWARDS * flops) } : null,
  };
}

/** The facts of a source that lists its files (a hub repository): its listing and config.json only. */
export async function hubModelFacts(src: FileSource, backend: BackendReport | null, classes?: number): Promise<ModelFacts> {
  if (!src.list) throw new Error(`${src.label} cannot list its files`);
  const files = await src.list();
  const choice = chooseWeights(files);
  if (choice.format === 'none') return modelFacts(src.label, files, null, backend, classes);
  const bytes = await src.read('config.json');
  if (!bytes) throw new ModelFilesError(`${src.label} has no config.json: a CLIP model folder needs one`);
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelFilesError(`config.json from ${src.label} is not valid JSON`);
  }
  return modelFacts(src.label, files, config, backend, classes);
}
