// What the model loader needs from any checkpoint (safetensors, a PyTorch .bin, a sharded set of either):
// names, dtypes and shapes up front, then each tensor as float32 on request, read from the file then.
import type { Dtype } from './dtypes';
import type { SafetensorsFile } from './safetensors';
import { WeightsError, listSome } from './errors';
import { parseShardIndex } from './shards';

export interface CheckpointTensor {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Non-float tensors (CLIP's I64 `position_ids`) are listed but never converted. */
  ignored: boolean;
}

export interface WeightsFile {
  fileName: string;
  tensors: CheckpointTensor[];
  get(name: string): CheckpointTensor | undefined;
  /** The tensor as a new float32 array (the caller may keep or change it). */
  readFloat32(name: string): Promise<Float32Array>;
}

export function safetensorsWeights(file: SafetensorsFile): WeightsFile {
  return {
    fileName: file.fileName,
    tensors: file.tensors,
    get: (name) => file.get(name),
    readFloat32: async (name) => file.getFloat32(name),
  };
}

/**
 * One view over the shards an index (`*.index.json`) lists, opened one after the other. Every tensor the
 * index maps must be in its shard; a tensor in two shards is an error.
 */
export async function shardedWeights(indexJson: unknown, indexName: string, open: (shard: string) => Promise<WeightsFile>): Promise<WeightsFile> {
  const index = parseShardIndex(indexJson, { fileName: indexName });
  const owner = new Map<string, WeightsFile>();
  const tensors: CheckpointTensor[] = [];
  for (const shard of index.shards) {
    let file: WeightsFile;
    try {
      file = await open(shard);
    } catch (e) {
      if (e instanceof WeightsError) throw e;
      throw new WeightsError('shard-read-failed', `Could not read shard ${shard} listed in ${indexName}: ${e instanceof Error ? e.message : String(e)}`, { fileName: shard, cause: e });
    }
    for (const t of file.tensors) {
      const first = owner.get(t.name);
      if (first) throw new WeightsError('duplicate-tensor', `Tensor "${t.name}" appears in both ${first.fileName} and ${shard}; the sharded checkpoint is inconsistent.`, { fileName: shard, tensor: t.name });
      owner.set(t.name, file);
      tensors.push(t);
    }
  }
  const missing = Object.entries(index.weightMap).filter(([tensor, shard]) => owner.get(tensor)?.fileName !== shard);
  if (missing.length > 0) {
    throw new WeightsError('shard-missing-tensor', `${indexName} lists ${missing.length} tensor(s) that are missing from their shard: ${listSome(missing.map(([t, s]) => `"${t}" (expected in ${s})`))}. A shard may be outdated or from a different model.`, {
      fileName: indexName, tensor: missing[0][0], details: { missing: missing.map(([t]) => t) },
    });
  }
  return {
    fileName: indexName,
    tensors,
    get: (name) => owner.get(name)?.get(name),
    readFloat32: (name) => {
      const f = owner.get(name);
      if (!f) throw new WeightsError('tensor-not-found', `Tensor "${name}" is not in any shard of ${indexName}.`, { fileName: indexName, tensor: name });
      return f.readFloat32(name);
    },
  };
}
