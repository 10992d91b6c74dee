// Writes a state dict the way torch.save does (its default zip format): `<name>/data.pkl`, a protocol-2
// pickle of an OrderedDict of torch._utils._rebuild_tensor_v2 calls whose storages are persistent ids,
// one stored member per storage (`<name>/data/<key>`), and `<name>/version`. Streams the archive out
// chunk by chunk (fflate's Zip computes the CRCs), so a 600 MB checkpoint is never built in memory.
// Benchmarks and tests use it; the studio itself only reads .bin files.
import { Zip, ZipPassThrough } from 'fflate';

export interface TorchTensorSpec {
  name: string;
  shape: number[];
  /** 'F32' for Float32Array data; 'F16' or 'BF16' for Uint16Array bit patterns. */
  dtype: 'F32' | 'F16' | 'BF16';
  /** A view (tests): its storage's key and size, element offset and strides; default its own contiguous storage. */
  view?: { storage: string; storageNumel: number; offset: number; stride: number[] };
}

const STORAGE = { F32: 'FloatStorage', F16: 'HalfStorage', BF16: 'BFloat16Storage' } as const;

/** Pickle opcodes (protocol 2) for the few values a state dict needs. */
class PickleWriter {
  private readonly parts: number[] = [];
  private readonly enc = new TextEncoder();
  op(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  str(s: string): this {
    const b = this.enc.encode(s);
    return this.op(0x58, b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24, ...b); // BINUNICODE
  }
  int(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 31) throw new Error(`cannot pickle ${n}`);
    return this.op(0x4a, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24); // BININT
  }
  global(module: string, name: string): this {
    return this.op(0x63, ...this.enc.encode(`${module}\n${name}\n`)); // GLOBAL
  }
  tuple(items: number[]): this {
    this.op(0x28); // MARK
    for (const x of items) this.int(x);
    return this.op(0x74); // TUPLE
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.parts);
  }
}

/** The pickle of an OrderedDict name -> tensor, tensor i in storage "i". */
export function stateDictPickle(tensors: readonly TorchTensorSpec[]): Uint8Array {
  const p = new PickleWriter().op(0x80, 2).global('collections', 'OrderedDict').op(0x29, 0x52, 0x28); // PROTO 2, (), REDUCE, MARK
  tensors.forEach((t, i) => {
    const numel = t.view?.storageNumel ?? t.shape.reduce((a, d) => a * d, 1);
    const stride = t.view?.stride ?? t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, x) => a * x, 1));
    p.str(t.name).global('torch._utils', '_rebuild_tensor_v2').op(0x28); // MARK (args)
    p.op(0x28).str('storage').global('torch', STORAGE[t.dtype]).str(t.view?.storage ?? String(i)).str('cpu').int(numel).op(0x74, 0x51); // pid tuple, BINPERSID
    p.int(t.view?.offset ?? 0).tuple(t.shape).tuple(stride).op(0x89).global('collections', 'OrderedDict').op(0x29, 0x52); // offset, size, stride, False, OrderedDict()
    p.op(0x74, 0x52); // TUPLE, REDUCE
  });
  return p.op(0x75, 0x2e).bytes(); // SETITEMS, STOP
}

/**
 * Streams a torch.save zip to `write` (called with each chunk in order); tensor i's data comes from
 * `data(i)` when its member is written, so only one tensor is in memory at a time.
 */
export async function writeTorchZip(specs: readonly TorchTensorSpec[], data: (i: number) => Float32Array | Uint16Array, write: (chunk: Uint8Array) => void, archive = 'pytorch_model'): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    const zip = new Zip((err, chunk, final) => {
      if (err) return reject(err);
      write(chunk);
      if (final) resolve();
    });
    const member = (name: string, data: Uint8Array) => {
      const e = new ZipPassThrough(`${archive}/${name}`);
      zip.add(e);
      e.push(data, true);
    };
    member('data.pkl', stateDictPickle(specs));
    specs.forEach((_, i) => {
      const d = data(i);
      member(`data/${i}`, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    });
    member('version', new TextEncoder().encode('3\n'));
    zip.end();
  });
  await done;
}
