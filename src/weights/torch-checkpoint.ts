// PyTorch checkpoints (`pytorch_model.bin`) as a WeightsFile: the zip format torch.save writes by default
// (`<name>/data.pkl` + one stored member per storage, `<name>/data/<key>`) and the legacy format before
// PyTorch 1.6 (magic, protocol and system pickles, the state dict's pickle, the storage keys' pickle, then
// each storage as an 8-byte element count and its bytes). The pickle is read by the restricted reader;
// tensors are read from the file one at a time, on request, and converted to float32.
import { inflateSync } from 'fflate';
import type { ByteRange } from './byte-range';
import { DTYPE_SIZES, assertLittleEndian, bf16ToF32, f16ToF32, isFloatDtype } from './dtypes';
import { WeightsError, formatShape } from './errors';
import { elementSize, stateDictTensors, unpickle, type StorageRef, type TensorRef } from './torch-pickle';
import type { CheckpointTensor, WeightsFile } from './weights-file';
import { isZip, readZipEntries, ZipFormatError } from './zip-entries';

export const BIN_FILE_NAME = 'pytorch_model.bin';
export const BIN_INDEX_FILE_NAME = 'pytorch_model.bin.index.json';

// The legacy format's first pickle: the long 0x1950a86a20f9469cfc6c, protocol 2.
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];

export async function openTorchCheckpoint(file: ByteRange, fileName = BIN_FILE_NAME): Promise<WeightsFile> {
  const head = await file.read(0, 64);
  if (isZip(head)) return openZip(file, fileName);
  if (LEGACY_MAGIC.every((b, i) => head[i] === b)) return openLegacy(file, fileName);
  throw new WeightsError('not-a-checkpoint', `${fileName} is not a PyTorch checkpoint (neither a torch.save zip nor the legacy pickle format).${sniff(head)}`, { fileName });
}

function sniff(head: Uint8Array): string {
  const text = new TextDecoder().decode(head).trimStart();
  if (text.startsWith('version https://git-lfs')) return ' It is a Git LFS pointer, not the weights: fetch the file with git lfs or download it from the Hub.';
  if (text.startsWith('<')) return ' It looks like an HTML page (an error page or login redirect?).';
  if (head.length === 0) return ' It is empty.';
  return '';
}

async function openZip(file: ByteRange, fileName: string): Promise<WeightsFile> {
  let entries;
  try {
    entries = await readZipEntries(file);
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    throw new WeightsError('truncated', `${fileName} is truncated or damaged: ${e.message}. The download was probably interrupted; download it again.`, { fileName });
  }
  const pkl = entries.find((e) => e.name.endsWith('data.pkl') && e.name.split('/').length === 2);
  if (!pkl) throw new WeightsError('pickle-invalid', `${fileName} is a zip archive but not a PyTorch checkpoint: it has no <name>/data.pkl.`, { fileName });
  const prefix = pkl.name.slice(0, -'data.pkl'.length);
  const byName = new Map(entries.map((e) => [e.name, e]));
  let pickle = await file.read(pkl.dataOffset, pkl.compressedSize);
  if (pkl.method === 8) pickle = inflateSync(pickle);
  else if (pkl.method !== 0) throw new WeightsError('pickle-invalid', `${fileName} compresses its data.pkl with zip method ${pkl.method}, which the studio does not read.`, { fileName });
  const { value } = unpickle(pickle, 0, {
    fileName,
    onStorage(s) {
      const entry = byName.get(`${prefix}data/${s.key}`);
      if (!entry) throw new WeightsError('storage-missing', `${fileName} is damaged: its data.pkl refers to storage ${s.key} (${prefix}data/${s.key}), which the archive does not contain.`, { fileName });
      if (entry.method !== 0) throw new WeightsError('pickle-invalid', `${fileName} compresses storage ${s.key}; torch.save stores storages uncompressed, so the file was re-packed by another tool. Re-save it with torch.save.`, { fileName });
      if (entry.size < s.numel * elementSize(s)) {
        throw new WeightsError('truncated', `${fileName} is damaged: storage ${s.key} holds ${entry.size} bytes but the pickle says ${s.numel} ${s.dtype} elements (${s.numel * elementSize(s)} bytes).`, { fileName });
      }
    },
  });
  const offsetOf = (s: StorageRef) => byName.get(`${prefix}data/${s.key}`)!.dataOffset;
  return checkpointFile(file, fileName, stateDictTensors(value, fileName), offsetOf);
}

async function openLegacy(file: ByteRange, fileName: string): Promise<WeightsFile> {
  // The pickles come first; read a growing prefix until they all parse (the state dict's is ~100 KB).
  for (let len = Math.min(file.size, 1 << 20); ; len = Math.min(file.size, len * 4)) {
    const bytes = await file.read(0, len);
    try {
      return await parseLegacy(file, bytes, fileName);
    } catch (e) {
      if (!(e instanceof WeightsError && e.code === 'truncated' && len < file.size)) throw e;
    }
  }
}

async function parseLegacy(file: ByteRange, bytes: Uint8Array, fileName: string): Promise<WeightsFile> {
  const opts = { fileName };
  const protocol = unpickle(bytes, LEGACY_MAGIC.length, opts);
  if (protocol.value !== 1001) throw new WeightsError('pickle-invalid', `${fileName} uses legacy protocol ${String(protocol.value)}; the studio reads protocol 1001 (PyTorch 0.4 to 1.5).`, { fileName });
  const sysInfo = unpickle(bytes, protocol.end, opts);
  const storages = new Map<string, StorageRef>();
  const main = unpickle(bytes, sysInfo.end, { fileName, onStorage: (s) => void storages.set(s.key, s) });
  const keys = unpickle(bytes, main.end, opts);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) {
    throw new WeightsError('pickle-invalid', `${fileName} is not a readable PyTorch checkpoint: its list of storage keys is malformed.`, { fileName });
  }
  // Storages follow in key order, each after its element count (u64 LE).
  const offsets = new Map<string, number>();
  let at = keys.end;
  for (const key of keys.value as string[]) {
    const s = storages.get(key);
    if (!s) throw new WeightsError('pickle-invalid', `${fileName} is damaged: it stores storage ${key}, which no tensor uses.`, { fileName });
    const count = await file.read(at, 8);
    if (count.length < 8) throw truncated(fileName, at + 8, file.size);
    const v = new DataView(count.buffer, count.byteOffset, 8);
    const n = v.getUint32(0, true) + v.getUint32(4, true) * 2 ** 32;
    offsets.set(key, at + 8);
    at += 8 + n * elementSize(s);
  }
  if (at > file.size) throw truncated(fileName, at, file.size);
  const missing = [...storages.keys()].find((k) => !offsets.has(k));
  if (missing !== undefined) throw new WeightsError('storage-missing', `${fileName} is damaged: its pickle refers to storage ${missing}, which the file does not contain.`, { fileName });
  return checkpointFile(file, fileName, stateDictTensors(main.value, fileName), (s) => offsets.get(s.key)!);
}

const truncated = (fileName: string, need: number, size: number) =>
  new WeightsError('truncated', `${fileName} is truncated: its storages need ${need} bytes but the file has only ${size}. The download was probably interrupted; download it again.`, { fileName });

function checkpointFile(file: ByteRange, fileName: string, refs: Map<string, TensorRef>, storageOffset: (s: StorageRef) => number): WeightsFile {
  const tensors: CheckpointTensor[] = [];
  for (const [name, r] of refs) {
    const last = r.shape.some((d) => d === 0) ? -1 : r.offset + r.shape.reduce((a, d, i) => a + (d - 1) * r.stride[i], 0);
    if (last >= r.storage.numel) {
      throw new WeightsError('shape-mismatch', `${fileName} is damaged: tensor "${name}" (shape ${formatShape(r.shape)}, offset ${r.offset}) reaches past the end of its storage of ${r.storage.numel} elements.`, { fileName, tensor: name });
    }
    tensors.push({ name, dtype: r.storage.dtype, shape: r.shape, ignored: !isFloatDtype(r.storage.dtype) });
  }
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return {
    fileName,
    tensors,
    get: (name) => byName.get(name),
    async readFloat32(name) {
      const r = refs.get(name);
      const t = byName.get(name);
      if (!r || !t) throw new WeightsError('tensor-not-found', `Tensor "${name}" is not in ${fileName}.`, { fileName, tensor: name });
      if (t.ignored) throw new WeightsError('not-float', `Tensor "${name}" in ${fileName} has dtype ${t.dtype}, not a float type, so it cannot be loaded as float32.`, { fileName, tensor: name });
      return readTensor(file, fileName, name, r, storageOffset(r.storage));
    },
  };
}

/** Reads the span of the storage a view touches, converts it, and gathers the view when it is strided. */
async function readTensor(file: ByteRange, fileName: string, name: string, r: TensorRef, base: number): Promise<Float32Array> {
  assertLittleEndian();
  const n = r.shape.reduce((a, d) => a * d, 1);
  if (n === 0) return new Float32Array(0);
  const span = r.shape.reduce((a, d, i) => a + (d - 1) * r.stride[i], 0) + 1;
  const size = DTYPE_SIZES[r.storage.dtype];
  const raw = await file.read(base + r.offset * size, span * size);
  if (raw.length < span * size) throw truncated(fileName, base + (r.offset + span) * size, file.size);
  const values = toF32(raw, r.storage.dtype, span, name, fileName);
  return span === n && isContiguous(r) ? values : gather(values, r);
}

function toF32(raw: Uint8Array, dtype: string, n: number, name: string, fileName: string): Float32Array {
  // A fresh, aligned buffer of exactly these bytes can be reinterpreted; a view into a bigger one is copied.
  const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
  const words = (size: number) => (raw.byteOffset % size === 0 ? raw : raw.slice());
  switch (dtype) {
    case 'F32':
      if (own) return new Float32Array(raw.buffer, 0, n);
      return raw.byteOffset % 4 === 0 ? new Float32Array(raw.buffer, raw.byteOffset, n).slice() : new Float32Array(raw.slice().buffer, 0, n);
    case 'F16': {
      const w = words(2);
      return f16ToF32(new Uint16Array(w.buffer, w.byteOffset, n));
    }
    case 'BF16': {
      const w = words(2);
      return bf16ToF32(new Uint16Array(w.buffer, w.byteOffset, n));
    }
    case 'F64': {
      const w = words(8);
      return Float32Array.from(new Float64Array(w.buffer, w.byteOffset, n));
    }
    default:
      throw new WeightsError('unknown-dtype', `Tensor "${name}" in ${fileName} has dtype ${dtype}, which cannot be read as float32.`, { fileName, tensor: name });
  }
}

function isContiguous(r: TensorRef): boolean {
  let expect = 1;
  for (let i = r.shape.length - 1; i >= 0; i--) {
    if (r.shape[i] !== 1 && r.stride[i] !== expect) return false;
    expect *= r.shape[i];
  }
  return true;
}

/** Row-major copy of a strided view (`values` starts at the view's offset). */
function gather(values: Float32Array, r: TensorRef): Float32Array {
  const n = r.shape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(n);
  const idx = new Array<number>(r.shape.length).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    out[i] = values[src];
    // Odometer over the dimensions, last fastest.
    for (let d = r.shape.length - 1; d >= 0; d--) {
      idx[d]++;
      src += r.stride[d];
      if (idx[d] < r.shape[d]) break;
      src -= r.stride[d] * r.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}
