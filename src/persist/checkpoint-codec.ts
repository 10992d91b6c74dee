// Checkpoints and logits as safetensors files inside an exported project: parameters and both AdamW
// moments as F32 tensors, the schedule position in the metadata.
import type { TrainerCheckpoint } from '../train/checkpoint';
import { parseSafetensors } from '../weights/safetensors';
import { writeSafetensors } from '../weights/safetensors-write';

export function encodeCheckpoint(c: TrainerCheckpoint): Uint8Array {
  const tensors = [
    ...Object.entries(c.vars).map(([k, v]) => ({ name: `param/${k}`, shape: [v.length], data: v })),
    ...Object.entries(c.adam.m).map(([k, v]) => ({ name: `adam_m/${k}`, shape: [v.length], data: v })),
    ...Object.entries(c.adam.v).map(([k, v]) => ({ name: `adam_v/${k}`, shape: [v.length], data: v })),
  ];
  const metadata = { step: String(c.step), epoch: String(c.epoch), batchInEpoch: String(c.batchInEpoch), adamStep: String(c.adam.step), valAccuracy: String(c.valAccuracy ?? '') };
  return writeSafetensors(tensors, { dtype: 'F32', metadata });
}

export function decodeCheckpoint(bytes: Uint8Array, fileName: string): TrainerCheckpoint {
  const f = parseSafetensors(bytes, { fileName });
  const num = (k: string) => {
    const v = Number(f.metadata[k]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${fileName}: metadata ${k} is not a step count`);
    return v;
  };
  const pick = (prefix: string) => Object.fromEntries(f.tensors.filter((t) => t.name.startsWith(prefix)).map((t) => [t.name.slice(prefix.length), f.getFloat32(t.name).slice()]));
  const val = f.metadata.valAccuracy;
  return {
    step: num('step'), epoch: num('epoch'), batchInEpoch: num('batchInEpoch'),
    vars: pick('param/'),
    adam: { step: num('adamStep'), m: pick('adam_m/'), v: pick('adam_v/') },
    valAccuracy: val === '' || val === undefined ? null : Number(val),
  };
}

export function encodeLogits(rows: [number, Float32Array][]): Uint8Array {
  const C = rows[0]?.[1].length ?? 0;
  const ids = Float32Array.from(rows.map(([id]) => id));
  const logits = new Float32Array(rows.length * C);
  rows.forEach(([, r], i) => logits.set(r, i * C));
  return writeSafetensors([{ name: 'ids', shape: [rows.length], data: ids }, { name: 'logits', shape: [rows.length, C], data: logits }], { dtype: 'F32' });
}

export function decodeLogits(bytes: Uint8Array, fileName: string): [number, Float32Array][] {
  const f = parseSafetensors(bytes, { fileName });
  const ids = f.getFloat32('ids');
  const info = f.get('logits');
  if (!info || info.shape.length !== 2 || info.shape[0] !== ids.length) throw new Error(`${fileName}: logits do not match ids`);
  const C = info.shape[1];
  const all = f.getFloat32('logits');
  return Array.from(ids, (id, i) => [id, all.slice(i * C, (i + 1) * C)]);
}
