// Reads a Hugging Face CLIP `config.json` into the model's ClipConfig. Checkpoints the engine cannot run
// (a ResNet image tower, a non-CLIP model) are refused with a message that says why.
import type { Activation, ClipConfig, TowerConfig } from '../model/config';
import { WeightsError } from './errors';

type Json = Record<string, unknown>;

// transformers' CLIPTextConfig / CLIPVisionConfig defaults, used where a config omits a field.
const TEXT_DEFAULTS = { hidden_size: 512, intermediate_size: 2048, num_hidden_layers: 12, num_attention_heads: 8, max_position_embeddings: 77, vocab_size: 49408, hidden_act: 'quick_gelu', layer_norm_eps: 1e-5 };
const VISION_DEFAULTS = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, image_size: 224, patch_size: 32, hidden_act: 'quick_gelu', layer_norm_eps: 1e-5, num_channels: 3 };

function fail(message: string): never {
  throw new WeightsError('bad-config', message, { fileName: 'config.json' });
}

// Far above any released CLIP (ViT-bigG: 48 layers, width 1664): a config beyond these describes no real
// checkpoint, and building its tensor list alone could exhaust memory before the weights are compared.
const LIMITS: Record<string, number> = {
  num_hidden_layers: 1000, hidden_size: 65_536, intermediate_size: 262_144, num_attention_heads: 1024, image_size: 8192, patch_size: 8192,
  vocab_size: 1_000_000, max_position_embeddings: 100_000, projection_dim: 65_536,
};

function int(obj: Json, key: string, fallback: number, where: string): number {
  const v = obj[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(`config.json: ${where}.${key} must be a positive integer, got ${JSON.stringify(v)}`);
  const max = LIMITS[key];
  if (max !== undefined && v > max) fail(`config.json: ${where}.${key} is ${v}, beyond any CLIP model (at most ${max.toLocaleString('en')})`);
  return v;
}

/** A sub-config (vision_config, text_config): absent means defaults; anything but an object is refused. */
function section(cfg: Json, key: string): Json {
  const v = cfg[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) fail(`config.json: ${key} must be an object, got ${JSON.stringify(v).slice(0, 60)}`);
  return v as Json;
}

function act(obj: Json, fallback: string, where: string): Activation {
  const v = obj.hidden_act ?? fallback;
  if (v === 'quick_gelu' || v === 'gelu') return v;
  return fail(`config.json: ${where}.hidden_act "${String(v)}" is not supported (quick_gelu or gelu)`);
}

function tower(obj: Json, d: typeof TEXT_DEFAULTS | typeof VISION_DEFAULTS, where: string): TowerConfig {
  const width = int(obj, 'hidden_size', d.hidden_size, where);
  const heads = int(obj, 'num_attention_heads', d.num_attention_heads, where);
  if (width % heads !== 0) fail(`config.json: ${where}.hidden_size ${width} is not divisible by num_attention_heads ${heads}`);
  const eps = obj.layer_norm_eps ?? d.layer_norm_eps;
  if (typeof eps !== 'number' || !(eps > 0)) fail(`config.json: ${where}.layer_norm_eps must be a positive number`);
  return {
    width,
    heads,
    layers: int(obj, 'num_hidden_layers', d.num_hidden_layers, where),
    mlpWidth: int(obj, 'intermediate_size', d.intermediate_size, where),
    activation: act(obj, d.hidden_act, where),
    layerNormEps: eps,
  };
}

export function parseClipConfig(raw: unknown): ClipConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('config.json is not a JSON object');
  const cfg = raw as Json;
  const type = cfg.model_type;
  const archs = Array.isArray(cfg.architectures) ? cfg.architectures.join(', ') : '';
  if (type !== 'clip') {
    throw new WeightsError('unsupported-model', `this is not a CLIP checkpoint (model_type "${String(type)}"${archs ? `, architectures ${archs}` : ''}); the studio runs CLIPModel repositories with ViT towers`);
  }
  const v = section(cfg, 'vision_config');
  const t = section(cfg, 'text_config');
  // ResNet image towers (OpenAI's RN50 etc.) are described by vision_layers lists; transformers has no such CLIPModel.
  if (Array.isArray(v.vision_layers) || (typeof v.model_type === 'string' && v.model_type !== 'clip_vision_model')) {
    throw new WeightsError('unsupported-model', 'this checkpoint has a ResNet (or other non-ViT) image tower; the studio runs ViT image towers only (e.g. openai/clip-vit-base-patch32)');
  }
  if ((v.num_channels ?? 3) !== 3) fail(`config.json: vision_config.num_channels is ${String(v.num_channels)}; only RGB (3) images are supported`);
  const imageSize = int(v, 'image_size', VISION_DEFAULTS.image_size, 'vision_config');
  const patchSize = int(v, 'patch_size', VISION_DEFAULTS.patch_size, 'vision_config');
  if (imageSize % patchSize !== 0) fail(`config.json: image_size ${imageSize} is not a multiple of patch_size ${patchSize}`);
  return {
    vision: { ...tower(v, VISION_DEFAULTS, 'vision_config'), imageSize, patchSize },
    text: {
      ...tower(t, TEXT_DEFAULTS, 'text_config'),
      vocabSize: int(t, 'vocab_size', TEXT_DEFAULTS.vocab_size, 'text_config'),
      contextLength: int(t, 'max_position_embeddings', TEXT_DEFAULTS.max_position_embeddings, 'text_config'),
    },
    projectionDim: int(cfg, 'projection_dim', 512, 'config'),
  };
}

/** A Hugging Face config.json for a ClipConfig (what the exporter writes beside the weights). */
export function toHfConfig(c: ClipConfig): Json {
  const tower = (t: TowerConfig) => ({
    hidden_size: t.width,
    intermediate_size: t.mlpWidth,
    num_attention_heads: t.heads,
    num_hidden_layers: t.layers,
    hidden_act: t.activation,
    layer_norm_eps: t.layerNormEps,
    projection_dim: c.projectionDim,
  });
  return {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: c.projectionDim,
    logit_scale_init_value: 2.6592,
    initializer_factor: 1.0,
    torch_dtype: 'float32',
    text_config: { ...tower(c.text), model_type: 'clip_text_model', max_position_embeddings: c.text.contextLength, vocab_size: c.text.vocabSize, bos_token_id: 49406, eos_token_id: 49407, pad_token_id: 1 },
    vision_config: { ...tower(c.vision), model_type: 'clip_vision_model', image_size: c.vision.imageSize, patch_size: c.vision.patchSize, num_channels: 3 },
  };
}
