import { describe, expect, it } from 'vitest';
import { WeightsError } from './errors';
import { writeSafetensors } from './safetensors-write';
import { loadShardedSafetensors, parseShardIndex } from './shards';
import { rejected, thrown } from '../testing/thrown';

const t = (name: string, ...values: number[]) => ({ name, shape: [values.length], data: new Float32Array(values) });

function shardReader(files: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const read = async (file: string): Promise<Uint8Array> => {
    reads.push(file);
    const bytes = files[file];
    if (!bytes) throw new Error(`ENOENT: ${file}`);
    return bytes;
  };
  return { read, reads };
}

const rejection = (p: Promise<unknown>): Promise<WeightsError> => rejected(WeightsError, p);

const files = {
  'model-00001-of-00002.safetensors': writeSafetensors([t('a', 1, 2), t('b', 3)], { dtype: 'F16' }),
  'model-00002-of-00002.safetensors': writeSafetensors([t('c', 4, 5, 6)]),
};
const index = {
  metadata: { total_size: 16 },
  weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00001-of-00002.safetensors', c: 'model-00002-of-00002.safetensors' },
};

describe('parseShardIndex', () => {
  it('lists distinct shard files in order', () => {
    const idx = parseShardIndex(index);
    expect(idx.shards).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(idx.metadata).toEqual({ total_size: '16' });
    expect(parseShardIndex(JSON.stringify(index)).weightMap.c).toBe('model-00002-of-00002.safetensors');
  });

  it('rejects malformed indexes with a readable message', () => {
    const msg = (v: unknown) => {
      const e = thrown(WeightsError, () => parseShardIndex(v));
      expect(e.code).toBe('shard-index-invalid');
      return e.message;
    };
    expect(msg([])).toBe('model.safetensors.index.json is not a valid safetensors index: it is not a JSON object.');
    expect(msg({ metadata: {} })).toBe('model.safetensors.index.json is not a valid safetensors index: it has no "weight_map" object.');
    expect(msg({ weight_map: {} })).toBe('model.safetensors.index.json is not a valid safetensors index: its "weight_map" is empty.');
    expect(msg({ weight_map: { a: 3 } })).toBe('model.safetensors.index.json is not a valid safetensors index: tensor "a" maps to 3 instead of a file name.');
    expect(msg({ weight_map: { a: '../../etc/passwd' } })).toBe('model.safetensors.index.json is not a valid safetensors index: tensor "a" maps to the unsafe path "../../etc/passwd".');
    expect(msg('{oops')).toMatch(/^model\.safetensors\.index\.json is not a valid safetensors index: it is not valid JSON \(.+\)\.$/);
  });
});

describe('loadShardedSafetensors', () => {
  it('reads each shard once and merges them', async () => {
    const { read, reads } = shardReader(files);
    const merged = await loadShardedSafetensors(index, read);
    expect(reads).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(merged.tensors.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(merged.get('a')?.dtype).toBe('F16');
    expect(Array.from(merged.getFloat32('a'))).toEqual([1, 2]);
    expect(Array.from(merged.getFloat32('c'))).toEqual([4, 5, 6]);
    expect(merged.shardOf('c')).toBe('model-00002-of-00002.safetensors');
    expect(merged.metadata).toEqual({ total_size: '16' });
    expect(merged.has('zzz')).toBe(false);
  });

  it('tensor listed in the index but missing from its shard', async () => {
    const { read } = shardReader(files);
    const e = await rejection(loadShardedSafetensors({ weight_map: { ...index.weight_map, d: 'model-00002-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }, read));
    expect(e.code).toBe('shard-missing-tensor');
    expect(e.message).toBe(
      'model.safetensors.index.json lists 2 tensor(s) that are missing from their shard: "b" (expected in model-00002-of-00002.safetensors, found in model-00001-of-00002.safetensors), "d" (expected in model-00002-of-00002.safetensors). A shard may be outdated or from a different model.',
    );
  });

  it('tensor present in two shards', async () => {
    const { read } = shardReader({ ...files, 'model-00002-of-00002.safetensors': writeSafetensors([t('c', 1), t('a', 9)]) });
    const e = await rejection(loadShardedSafetensors(index, read));
    expect(e.code).toBe('duplicate-tensor');
    expect(e.message).toBe('Tensor "a" appears in both model-00001-of-00002.safetensors and model-00002-of-00002.safetensors; the sharded checkpoint is inconsistent.');
  });

  it('shard that cannot be read or is corrupt', async () => {
    const { read } = shardReader({ 'model-00001-of-00002.safetensors': files['model-00001-of-00002.safetensors'] });
    const e = await rejection(loadShardedSafetensors(index, read));
    expect(e.code).toBe('shard-read-failed');
    expect(e.message).toBe('Could not read shard model-00002-of-00002.safetensors listed in model.safetensors.index.json: ENOENT: model-00002-of-00002.safetensors');
    const bad = shardReader({ ...files, 'model-00002-of-00002.safetensors': new Uint8Array(3) });
    const e2 = await rejection(loadShardedSafetensors(index, bad.read));
    expect(e2.code).toBe('file-too-short');
    expect(e2.message).toMatch(/^model-00002-of-00002\.safetensors is only 3 bytes long/);
  });
});
