// Reads everything a CLIP checkpoint needs from a FileSource: config.json, the weights (one file or a
// sharded set), the tokenizer files and the preprocessing config; validates each with a specific message.
import type { ClipModel } from '../model/clip';
import { ClipTokenizer } from '../tokenizer/clip-tokenizer';
import { parsePreprocessorConfig, type PreprocessConfig } from '../data/preprocess';
import { loadClipWeights } from '../weights/load-clip';
import { parseClipConfig } from '../weights/hf-config';
import { parseSafetensors } from '../weights/safetensors';
import { INDEX_FILE_NAME } from '../weights/shards';
import { BIN_FILE_NAME, BIN_INDEX_FILE_NAME, openTorchCheckpoint } from '../weights/torch-checkpoint';
import { safetensorsWeights, shardedWeights, type WeightsFile } from '../weights/weights-file';
import type { ByteRange } from '../weights/byte-range';
import { openFile, type FileSource, type SourceFile } from './file-source';
import { HubError } from './hf-hub';
import { chooseWeights, noWeightsMessage } from './weights-choice';

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
  if (!b) throw new ModelFilesError(`${src.label} has no ${file}: a CLIP model folder needs config.json, model.safetensors (or pytorch_model.bin), vocab.json and merges.txt`);
  return b;
}

/**
 * The checkpoint, in order of preference: model.safetensors, its sharded set, pytorch_model.bin, its sharded
 * set. PyTorch files are opened for random access (their tensors are read while the model is built);
 * `opened` collects them so the caller can close them after.
 */
async function readWeights(src: FileSource, opened: ByteRange[], onProgress?: BundleProgress): Promise<WeightsFile> {
  const single = await src.read('model.safetensors', (l, t) => onProgress?.('download', 'model.safetensors', l, t));
  if (single) return safetensorsWeights(parseSafetensors(single, { fileName: 'model.safetensors' }));
  const index = await src.read(INDEX_FILE_NAME);
  if (index) {
    return shardedWeights(parseJson(index, INDEX_FILE_NAME, src.label), INDEX_FILE_NAME, async (f) => safetensorsWeights(parseSafetensors(await need(src, f, onProgress), { fileName: f })));
  }
  const openBin = async (file: string): Promise<WeightsFile | null> => {
    const range = await openFile(src, file, (l, t) => onProgress?.('download', file, l, t));
    if (!range) return null;
    opened.push(range);
    return openTorchCheckpoint(range, file);
  };
  const bin = await openBin(BIN_FILE_NAME);
  if (bin) return bin;
  const binIndex = await src.read(BIN_INDEX_FILE_NAME);
  if (binIndex) {
    return shardedWeights(parseJson(binIndex, BIN_INDEX_FILE_NAME, src.label), BIN_INDEX_FILE_NAME, async (f) => {
      const shard = await openBin(f);
      if (!shard) throw new ModelFilesError(`${src.label} has no ${f}, a shard listed in ${BIN_INDEX_FILE_NAME}`);
      return shard;
    });
  }
  const listed = await src.list?.();
  const choice = listed ? chooseWeights(listed) : null;
  if (choice?.format === 'none') throw new ModelFilesError(noWeightsMessage(src.label, choice.holds));
  throw new ModelFilesError(`${src.label} has no model.safetensors nor pytorch_model.bin (nor a sharded ${INDEX_FILE_NAME} or ${BIN_INDEX_FILE_NAME})`);
}

/** Refuses, from the source's file list alone, a source with no weights the studio reads (no download). */
export async function checkWeightsListed(src: FileSource): Promise<void> {
  let listed: SourceFile[] | undefined;
  try {
    listed = await src.list?.();
  } catch (e) {
    // Offline with files cached before the listing was: let the load read them from the cache.
    if (e instanceof HubError && e.code === 'offline') return;
    throw e;
  }
  const choice = listed ? chooseWeights(listed) : null;
  if (choice?.format === 'none') throw new ModelFilesError(noWeightsMessage(src.label, choice.holds));
}

export async function loadClipBundle(src: FileSource, onProgress?: BundleProgress): Promise<ClipBundle> {
  const config = parseJson(await need(src, 'config.json', onProgress), 'config.json', src.label);
  parseClipConfig(config); // a ResNet tower or a model that is no CLIP is named before the weights download
  const vocab = text(await need(src, 'vocab.json', onProgress));
  const merges = text(await need(src, 'merges.txt', onProgress));
  const pre = await src.read('preprocessor_config.json');
  const preprocessor = pre ? parseJson(pre, 'preprocessor_config.json', src.label) : CLIP_PREPROCESSOR;
  const tc = await src.read('tokenizer_config.json');
  const tokenizerConfig = tc ? parseJson(tc, 'tokenizer_config.json', src.label) : null;
  const tokenizer = ClipTokenizer.fromFiles(vocab, merges);
  const preprocess = parsePreprocessorConfig(preprocessor);
  const opened: ByteRange[] = [];
  let model: ClipModel;
  try {
    const weights = await readWeights(src, opened, onProgress);
    model = await loadClipWeights(config, weights, (d, t) => onProgress?.('load', 'weights', d, t));
  } finally {
    await Promise.all(opened.map((r) => r.close?.()));
  }
  if (preprocess.cropHeight !== model.config.vision.imageSize || preprocess.cropWidth !== model.config.vision.imageSize) {
    model.dispose();
    throw new ModelFilesError(`preprocessor_config.json crops to ${preprocess.cropWidth}x${preprocess.cropHeight} but the model takes ${model.config.vision.imageSize} px images`);
  }
  return { name: src.label, model, tokenizer, preprocess, files: { config, vocab, merges, preprocessor, tokenizerConfig } };
}
