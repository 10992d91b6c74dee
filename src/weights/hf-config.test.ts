import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClipConfig, toHfConfig } from './hf-config';
import { tinyClipDir } from '../testing/shared-fixtures';

const fixture = JSON.parse(readFileSync(join(tinyClipDir, 'config.json'), 'utf8'));

describe('config.json -> ClipConfig', () => {
  it('reads the fixture geometry, activation and epsilon', () => {
    const c = parseClipConfig(fixture);
    expect(c.vision).toMatchObject({ width: 128, layers: 2, heads: 2, mlpWidth: 512, imageSize: 224, patchSize: 32, activation: 'quick_gelu', layerNormEps: 1e-5 });
    expect(c.text).toMatchObject({ width: 128, layers: 2, heads: 2, vocabSize: 49408, contextLength: 77 });
    expect(c.projectionDim).toBe(64);
  });

  it('round-trips through the exporter config', () => {
    const c = parseClipConfig(fixture);
    expect(parseClipConfig(toHfConfig(c))).toEqual(c);
  });

  it('takes transformers defaults for a minimal openai/clip-vit-base-patch16-style config', () => {
    const c = parseClipConfig({ model_type: 'clip', projection_dim: 512, vision_config: { patch_size: 16, hidden_act: 'gelu', layer_norm_eps: 1e-6 }, text_config: {} });
    expect(c.vision).toMatchObject({ width: 768, layers: 12, heads: 12, patchSize: 16, activation: 'gelu', layerNormEps: 1e-6 });
    expect(c.text).toMatchObject({ width: 512, heads: 8, contextLength: 77 });
  });

  it('refuses a ResNet image tower with a message that says so', () => {
    expect(() => parseClipConfig({ ...fixture, vision_config: { ...fixture.vision_config, vision_layers: [3, 4, 6, 3] } })).toThrow(/ResNet .* image tower; the studio runs ViT image towers only/);
  });

  it('refuses a model that is not CLIP, naming what it is', () => {
    expect(() => parseClipConfig({ model_type: 'siglip', architectures: ['SiglipModel'] })).toThrow(/not a CLIP checkpoint \(model_type "siglip", architectures SiglipModel\)/);
  });

  it('explains impossible geometry', () => {
    expect(() => parseClipConfig({ ...fixture, vision_config: { ...fixture.vision_config, num_attention_heads: 3 } })).toThrow(/hidden_size 128 is not divisible by num_attention_heads 3/);
    expect(() => parseClipConfig({ ...fixture, vision_config: { ...fixture.vision_config, patch_size: 30 } })).toThrow(/image_size 224 is not a multiple of patch_size 30/);
    expect(() => parseClipConfig({ ...fixture, text_config: { ...fixture.text_config, hidden_act: 'relu' } })).toThrow(/hidden_act "relu" is not supported/);
    expect(() => parseClipConfig('nope')).toThrow(/config.json is not a JSON object/);
  });
});
