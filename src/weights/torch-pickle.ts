// The pickle of a PyTorch state dict, read by a restricted interpreter (pickleparser) that knows only what
// a state dict needs, as torch.load(weights_only=True) does: OrderedDict, the tensor-rebuild functions,
// the storage types and the persistent-id protocol for storages. Any other global (os.system,
// builtins.eval, a custom class) is refused the moment the pickle names it, before its call is reached;
// nothing in the file is ever executed: the "functions" below only record what a tensor looks like, and
// no bytes of any tensor are read until the whole pickle has been accepted.
import { BufferReader, Parser } from 'pickleparser';
import type { Dtype } from './dtypes';
import { DTYPE_SIZES } from './dtypes';
import { WeightsError } from './errors';

/** A storage named by a persistent id: ('storage', torch.FloatStorage, key, location, numel[, view]). */
export interface StorageRef {
  key: string;
  dtype: Dtype;
  /** Elements, as the pickle states it. */
  numel: number;
}

/** What torch._utils._rebuild_tensor_v2 would build: a view into a storage. */
export interface TensorRef {
  storage: StorageRef;
  /** In elements. */
  offset: number;
  shape: number[];
  stride: number[];
}

const STORAGE_TYPES: Readonly<Record<string, Dtype>> = {
  FloatStorage: 'F32', HalfStorage: 'F16', BFloat16Storage: 'BF16', DoubleStorage: 'F64',
  LongStorage: 'I64', IntStorage: 'I32', ShortStorage: 'I16', CharStorage: 'I8', ByteStorage: 'U8', BoolStorage: 'BOOL',
};

const STORAGE_DTYPE = Symbol('storage dtype');
type StorageType = (() => never) & { [STORAGE_DTYPE]: Dtype };

const isIntList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isSafeInteger(x) && x >= 0);

export function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && 'storage' in v && 'stride' in v;
}

export interface UnpickleOptions {
  fileName: string;
  /** Checks a storage the pickle names (e.g. that the archive has it); throws WeightsError if not. */
  onStorage?: (s: StorageRef) => void;
}

/** Where the restricted interpreter stands after one pickle: its value and the next byte. */
export interface Unpickled {
  value: unknown;
  end: number;
}

/** Interprets one pickle starting at `start` of `bytes`. */
export function unpickle(bytes: Uint8Array, start: number, opts: UnpickleOptions): Unpickled {
  const { fileName } = opts;
  const bad = (why: string): never => {
    throw new WeightsError('pickle-invalid', `${fileName} is not a readable PyTorch checkpoint: ${why}.`, { fileName });
  };
  const storages = new Map<string, StorageRef>();

  const rebuild = (storage: unknown, offset: unknown, shape: unknown, stride: unknown): TensorRef => {
    // Only a storage this pickle's persistent ids produced (never a value the pickle built itself).
    if (typeof storage !== 'object' || storage === null || storages.get((storage as StorageRef).key) !== storage) bad('a tensor is rebuilt from something that is not a storage');
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !isIntList(shape) || !isIntList(stride) || shape.length !== stride.length) {
      bad('a tensor has a malformed offset, size or stride');
    }
    return { storage: storage as StorageRef, offset: offset as number, shape: shape as number[], stride: stride as number[] };
  };
  const allowed: Record<string, unknown> = {
    'collections.OrderedDict': (items?: unknown) => new Map(Array.isArray(items) ? (items as [unknown, unknown][]) : []),
    'torch._utils._rebuild_tensor_v2': rebuild,
    'torch._utils._rebuild_tensor': rebuild,
    // A plain nn.Parameter: the tensor inside is all a state dict needs.
    'torch._utils._rebuild_parameter': (data: unknown) => (isTensorRef(data) ? data : bad('a parameter wraps something that is not a tensor')),
  };
  for (const [name, dtype] of Object.entries(STORAGE_TYPES)) {
    const marker = (() => bad(`the storage type torch.${name} is called like a function`)) as StorageType;
    marker[STORAGE_DTYPE] = dtype;
    allowed[`torch.${name}`] = marker;
  }

  const parser = new Parser({
    unpicklingTypeOfDictionary: 'Map',
    nameResolver: {
      resolve(module: unknown, name: unknown) {
        const full = `${String(module)}.${String(name)}`;
        const fn = Object.prototype.hasOwnProperty.call(allowed, full) ? allowed[full] : undefined;
        if (typeof fn !== 'function') {
          throw new WeightsError(
            'pickle-refused',
            `${fileName} is not a plain state dict: its pickle asks for the Python global ${full}, which a file of weights has no use for. The studio refuses it (as torch.load with weights_only=True does) and runs nothing from the file; load weights only from sources you trust, and prefer safetensors.`,
            { fileName, details: { global: full } },
          );
        }
        return fn as () => unknown;
      },
    },
    persistentResolver: {
      resolve(pid: unknown) {
        if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) return bad(`its persistent id ${JSON.stringify(pid)} is not a storage`);
        const [, type, key, , numel, view] = pid as unknown[];
        // Storage views in the id itself date from PyTorch before 1.0; views here come from tensor offsets.
        if (view !== undefined && view !== null) return bad('it uses storage views from PyTorch before 1.0, which the studio does not read');
        const dtype = (type as Partial<StorageType> | undefined)?.[STORAGE_DTYPE];
        if (!dtype || typeof key !== 'string' || !Number.isSafeInteger(numel) || (numel as number) < 0) return bad('a storage has a malformed persistent id');
        const known = storages.get(key as string);
        if (known) return known;
        const s: StorageRef = { key: key as string, dtype, numel: numel as number };
        opts.onStorage?.(s);
        storages.set(s.key, s);
        return s;
      },
    },
    extensionResolver: {
      resolve: (code: number) => bad(`it uses the pickle extension registry (code ${code}), which a state dict never does`),
    },
  });

  const reader = new BufferReader(bytes);
  reader.skip(start);
  try {
    const value = parser.read(reader);
    return { value, end: reader.position };
  } catch (e) {
    if (e instanceof WeightsError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const op = /Unsupported opcode '(\d+)'/.exec(msg);
    if (op) {
      return bad(`its pickle has the unknown opcode 0x${Number(op[1]).toString(16).padStart(2, '0')} near byte ${reader.position - 1} (a damaged file, or not a pickle at all)`);
    }
    if (/end of file|more bytes|end of line/i.test(msg)) {
      throw new WeightsError('truncated', `${fileName} is truncated: its pickle stops in the middle. The download was probably interrupted; download it again.`, { fileName });
    }
    return bad(`its pickle is damaged (${msg})`);
  }
}

/** The tensors of a state dict (an OrderedDict or dict of tensors), in file order; other values are skipped. */
export function stateDictTensors(value: unknown, fileName: string): Map<string, TensorRef> {
  const out = new Map<string, TensorRef>();
  if (value instanceof Map) {
    for (const [k, v] of value) if (typeof k === 'string' && isTensorRef(v)) out.set(k, v);
  }
  if (out.size === 0) {
    throw new WeightsError('pickle-invalid', `${fileName} holds no tensors: it is a pickle, but not a state dict of named tensors.`, { fileName });
  }
  return out;
}

export const elementSize = (s: StorageRef): number => DTYPE_SIZES[s.dtype];
