// "Export run as PyTorch project": a run of this session as the files of a PyTorch project (train.py for one
// process or torchrun, run.json, manifest.json, README, requirements), optionally with the images under
// data/. The UI zips them under one folder.
import type { ExportedFile } from '../protocol/messages';
import { torchMethodSpec } from '../train/export-torch/method-spec';
import { DATA_DIR, torchProjectFiles, type TorchModelSource } from '../train/export-torch/torch-project';
import { safeRelativePath } from '../train/export-torch/safe-path';
import { classEmbeddings, fillTemplate } from '../train/zero-shot';
import type { EngineSession } from './session';

const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export async function exportTorchProject(session: EngineSession, runId: string, includeImages: boolean, model: TorchModelSource): Promise<ExportedFile[]> {
  const r = session.runs.get(runId);
  const bundle = session.requireBundle();
  const ctx = bundle.model.config.text.contextLength;
  const tokenIds = r.classNames.flatMap((c) => r.templates.map((t) => bundle.tokenizer.tokenize(fillTemplate(t, c), { contextLength: ctx }).ids));
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, r.classNames, r.templates);
  const E = w0.shape[1];
  const flat = (await w0.data()) as Float32Array;
  w0.dispose();
  const pathOf = new Map(session.dataset.samples.map((s) => [s.id, s.path]));
  const samples = r.samples.map((s) => {
    const path = pathOf.get(s.id);
    if (path === undefined) throw new Error(`sample ${s.id} of run ${runId} is no longer in the dataset`);
    return { id: s.id, path: safeRelativePath(path), label: s.label, split: s.split, group: s.group };
  });
  const files = torchProjectFiles({
    name: `proreg-${r.config.method}-${r.config.scope}`,
    config: r.config,
    model,
    classes: [...session.dataset.classes],
    promptClasses: r.classNames,
    templates: r.templates,
    tokenIds,
    endId: bundle.tokenizer.endId,
    w0: r.classNames.map((_, c) => Array.from(flat.subarray(c * E, (c + 1) * E))),
    logitScale: (await bundle.model.params['logit_scale'].data())[0],
    samples,
    includeImages,
    // CoOp's prompts name the dataset's classes, as the run's trainer built them (session.imageData).
    method: torchMethodSpec(r.config, bundle.tokenizer, [...session.dataset.classes], ctx),
  });
  const out: ExportedFile[] = files.map((f) => ({ name: f.name, bytes: buffer(f.bytes) }));
  if (includeImages) {
    // Read from storage in chunks (the dataset keeps only images not yet stored in memory).
    for (let i = 0; i < samples.length; i += 64) {
      const chunk = samples.slice(i, i + 64);
      const bytes = await session.dataset.bytesOfMany(chunk.map((s) => s.id));
      chunk.forEach((s, j) => out.push({ name: `${DATA_DIR}/${s.path}`, bytes: buffer(bytes[j]) }));
    }
  }
  return out;
}
