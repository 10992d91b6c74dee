// Reads everything a CLIP checkpoint needs from a FileSource: config.json, the weights (one file or a
// sharded set), the tokenizer files and the preprocessing config; validates each with a specific message.
import type { ClipModel } from '../model/clip';
import { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import { parsePreprocessorConfig, type PreprocessConfig } from '../data/preprocess';
import { loadClipModel } from '../weights/load-clip';
import { parseSafetensors, type SafetensorsFile } from '../weights/safetensors';
import { INDEX_FILE_NAME, loadShardedSafetensors } from '../weights/shards';
import { checkFiniteWeights } from '../weights/finite-check';
import type { FileSource } from './file-source';

export interface ClipBundle {
  name: string;
  model: ClipModel;
  tokenizer: ClipTokenizer;
  preprocess: PreprocessConfig;
  /** The raw config.json and tokenizer files, kept so an export can write them back. */
  files: { config: unknown; vocab: string; merges: string; preprocessor: unknown; tokenizerConfig: unknown };
}

export class ModelFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFilesError';
  }
}

// openai/CLIP's preprocessing, used when a repository has no preprocessor_config.json.
export const CLIP_PREPROCESSOR = {
  crop_size: 224, do_center_crop: true, do_normalize: true, do_resize: true, do_rescale: true, rescale_factor: 1 / 255, resample: 3,
  image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711], size: { shortest_edge: 224 },
};

export type BundleProgress = (phase: 'download' | 'load', file: string, done: number, total: number) => void;

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function parseJson(bytes: Uint8Array, file: string, label: string): unknown {
  try {
    return JSON.parse(text(bytes));
  } catch {
    throw new ModelFilesError(`${file} from ${label} is not valid JSON`);
  }
}

async function need(src: FileSource, file: string, onProgress?: BundleProgress): Promise<Uint8Array> {
  const b = await src.read(file, (l, t) => onProgress?.('download', file, l, t));
  if (!b) throw new ModelFilesError(`${src.label} has no ${file}: a CLIP model folder needs config.json, model.safetensors, vocab.json and merges.txt`);
  return b;
}

async function readWeights(src: FileSource, onProgress?: BundleProgress): Promise<SafetensorsFile> {
  const single = await src.read('model.safetensors', (l, t) => onProgress?.('download', 'model.safetensors', l, t));
  if (single) return parseSafetensors(single, { fileName: 'model.safetensors' });
  const index = await src.read(INDEX_FILE_NAME);
  if (index) {
    return loadShardedSafetensors(parseJson(index, INDEX_FILE_NAME, src.label), async (f) => need(src, f, onProgress), { fileName: INDEX_FILE_NAME });
  }
  const bin = await src.read('pytorch_model.bin');
  if (bin) throw new ModelFilesError(`${src.label} has only PyTorch .bin weights; the studio reads safetensors (model.safetensors)`);
  throw new ModelFilesError(`${src.label} has no model.safetensors (nor a sharded ${INDEX_FILE_NAME})`);
}

export async function loadClipBundle(src: FileSource, onProgress?: BundleProgress): Promise<ClipBundle> {
  const config = parseJson(await need(src, 'config.json', onProgress), 'config.json', src.label);
  const vocab = text(await need(src, 'vocab.json', onProgress));
  const merges = text(await need(src, 'merges.txt', onProgress));
  const pre = await src.read('preprocessor_config.json');
  const preprocessor = pre ? parseJson(pre, 'preprocessor_config.json', src.label) : CLIP_PREPROCESSOR;
  const tc = await src.read('tokenizer_config.json');
  const tokenizerConfig = tc ? parseJson(tc, 'tokenizer_config.json', src.label) : null;
  const tokenizer = ClipTokenizer.fromFiles(vocab, merges);
  const preprocess = parsePreprocessorConfig(preprocessor);
  const weights = await readWeights(src, onProgress);
  checkFiniteWeights(weights);
  const model = loadClipModel(config, weights, (d, t) => onProgress?.('load', 'weights', d, t));
  if (preprocess.cropHeight !== model.config.vision.imageSize || preprocess.cropWidth !== model.config.vision.imageSize) {
    model.dispose();
    throw new ModelFilesError(`preprocessor_config.json crops to ${preprocess.cropWidth}x${preprocess.cropHeight} but the model takes ${model.config.vision.imageSize} px images`);
  }
  return { name: src.label, model, tokenizer, preprocess, files: { config, vocab, merges, preprocessor, tokenizerConfig } };
}
