// Sharded checkpoints: `model.safetensors.index.json` maps each tensor to the shard file that holds it.
import type { SafetensorsFile, TensorInfo } from './safetensors';
import { parseSafetensors } from './safetensors';
import { WeightsError, listSome } from './errors';

export const INDEX_FILE_NAME = 'model.safetensors.index.json';

export interface ShardIndex {
  metadata: Record<string, string>;
  weightMap: Record<string, string>;
  /** Distinct shard files, in first-mention order. */
  shards: string[];
}

export interface ShardedSafetensorsFile extends SafetensorsFile {
  shards: string[];
  /** Which shard holds a tensor. */
  shardOf(name: string): string | undefined;
}

/** Validates an index (parsed JSON, or its text) and lists its shard files. */
export function parseShardIndex(json: unknown, opts: { fileName?: string } = {}): ShardIndex {
  const fileName = opts.fileName ?? INDEX_FILE_NAME;
  const bad = (why: string): never => {
    throw new WeightsError('shard-index-invalid', `${fileName} is not a valid safetensors index: ${why}.`, { fileName });
  };
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      bad(`it is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (!isRecord(value)) return bad('it is not a JSON object');
  const { weight_map: weightMap, metadata } = value;
  if (!isRecord(weightMap)) return bad('it has no "weight_map" object');
  if (metadata !== undefined && metadata !== null && !isRecord(metadata)) bad('"metadata" is not an object');
  const shards: string[] = [];
  const map: Record<string, string> = {};
  for (const [tensor, file] of Object.entries(weightMap)) {
    if (typeof file !== 'string' || file === '') bad(`tensor "${tensor}" maps to ${JSON.stringify(file)} instead of a file name`);
    const f = file as string;
    // The index comes from the network: never let it point outside the model's folder.
    if (f.startsWith('/') || f.includes('\\') || f.split('/').includes('..')) bad(`tensor "${tensor}" maps to the unsafe path "${f}"`);
    if (!shards.includes(f)) shards.push(f);
    map[tensor] = f;
  }
  if (shards.length === 0) bad('its "weight_map" is empty');
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries((metadata ?? {}) as Record<string, unknown>)) meta[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { metadata: meta, weightMap: map, shards };
}

/**
 * Reads each shard once (sequentially, to bound peak memory) and returns one merged view.
 * Tensors found in a shard but absent from the index are kept; a tensor in two shards is an error.
 */
export async function loadShardedSafetensors(
  indexJson: unknown,
  readShard: (file: string) => Promise<Uint8Array>,
  opts: { fileName?: string } = {},
): Promise<ShardedSafetensorsFile> {
  const fileName = opts.fileName ?? INDEX_FILE_NAME;
  const index = parseShardIndex(indexJson, { fileName });
  const owner = new Map<string, SafetensorsFile>();
  const files: SafetensorsFile[] = [];
  for (const shard of index.shards) {
    let bytes: Uint8Array;
    try {
      bytes = await readShard(shard);
    } catch (e) {
      throw new WeightsError('shard-read-failed', `Could not read shard ${shard} listed in ${fileName}: ${e instanceof Error ? e.message : String(e)}`, { fileName: shard, cause: e });
    }
    const file = parseSafetensors(bytes, { fileName: shard });
    for (const t of file.tensors) {
      const first = owner.get(t.name);
      if (first) {
        throw new WeightsError('duplicate-tensor', `Tensor "${t.name}" appears in both ${first.fileName} and ${shard}; the sharded checkpoint is inconsistent.`, { fileName: shard, tensor: t.name });
      }
      owner.set(t.name, file);
    }
    files.push(file);
  }
  const missing = Object.entries(index.weightMap).filter(([tensor, shard]) => owner.get(tensor)?.fileName !== shard);
  if (missing.length > 0) {
    const lines = missing.map(([tensor, shard]) => {
      const actual = owner.get(tensor)?.fileName;
      return actual ? `"${tensor}" (expected in ${shard}, found in ${actual})` : `"${tensor}" (expected in ${shard})`;
    });
    throw new WeightsError('shard-missing-tensor', `${fileName} lists ${missing.length} tensor(s) that are missing from their shard: ${listSome(lines)}. A shard may be outdated or from a different model.`, {
      fileName,
      tensor: missing[0][0],
      details: { missing: missing.map(([t]) => t) },
    });
  }
  return new MergedFile(fileName, index, files, owner);
}

class MergedFile implements ShardedSafetensorsFile {
  readonly tensors: TensorInfo[];
  readonly metadata: Record<string, string>;
  readonly shards: string[];

  constructor(
    readonly fileName: string,
    index: ShardIndex,
    files: SafetensorsFile[],
    private readonly owner: Map<string, SafetensorsFile>,
  ) {
    this.tensors = files.flatMap((f) => f.tensors);
    this.metadata = index.metadata;
    this.shards = index.shards;
  }

  has(name: string): boolean {
    return this.owner.has(name);
  }

  get(name: string): TensorInfo | undefined {
    return this.owner.get(name)?.get(name);
  }

  shardOf(name: string): string | undefined {
    return this.owner.get(name)?.fileName;
  }

  getFloat32(name: string): Float32Array {
    return this.require(name).getFloat32(name);
  }

  getBytes(name: string): Uint8Array {
    return this.require(name).getBytes(name);
  }

  private require(name: string): SafetensorsFile {
    const f = this.owner.get(name);
    if (!f) throw new WeightsError('tensor-not-found', `Tensor "${name}" is not in any shard of ${this.fileName}.`, { fileName: this.fileName, tensor: name });
    return f;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
