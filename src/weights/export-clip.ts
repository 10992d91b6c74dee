// A fine-tuned model in Hugging Face layout: model.safetensors + config.json + the tokenizer and
// preprocessing files, so transformers' CLIPModel.from_pretrained and this studio's loader both read it.
import type { ClipConfig } from '../model/config';
import { checkpointFromParams } from './clip-keys';
import { toHfConfig } from './hf-config';
import { writeSafetensors } from './safetensors-write';

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ExportExtras {
  vocab: string;
  merges: string;
  preprocessor: unknown;
  tokenizerConfig: unknown;
  /** The cosine head and prompts, written beside the model as head.json. */
  head: unknown;
  metadata?: Record<string, string>;
}

const json = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);

export function exportClipFiles(cfg: ClipConfig, params: Record<string, Float32Array>, extras: ExportExtras): ExportFile[] {
  const tensors = checkpointFromParams(cfg, params);
  const weights = writeSafetensors(tensors, { dtype: 'F32', metadata: { format: 'pt', producer: 'proreg-studio', ...extras.metadata } });
  const tokenizerConfig = extras.tokenizerConfig ?? {
    bos_token: '<|startoftext|>', eos_token: '<|endoftext|>', pad_token: '<|endoftext|>', unk_token: '<|endoftext|>', do_lower_case: true, model_max_length: cfg.text.contextLength, tokenizer_class: 'CLIPTokenizer',
  };
  return [
    { name: 'model.safetensors', bytes: weights },
    { name: 'config.json', bytes: json(toHfConfig(cfg)) },
    { name: 'vocab.json', bytes: new TextEncoder().encode(extras.vocab) },
    { name: 'merges.txt', bytes: new TextEncoder().encode(extras.merges) },
    { name: 'tokenizer_config.json', bytes: json(tokenizerConfig) },
    { name: 'preprocessor_config.json', bytes: json(extras.preprocessor) },
    { name: 'head.json', bytes: json(extras.head) },
  ];
}
