// A whole project as one zip: project.json (validated schema), the images, and each run's checkpoints and
// logits. Import refuses bad or hostile files with the reason: not a zip, wrong schema, path traversal,
// too many or too large entries, missing or unexpected files.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { DatasetSample } from '../protocol/messages';
import type { TrainerCheckpoint } from '../train/checkpoint';
import { decodeCheckpoint, decodeLogits, encodeCheckpoint, encodeLogits } from './checkpoint-codec';
import type { StoredRun } from './project-db';
import { evalFromJson, evalToJson, type JsonEval } from './eval-codec';
import { describeIssues, PROJECT_FORMAT, PROJECT_VERSION, projectJson } from './project-schema';
import { ARCHIVE_LIMITS, archiveChecker, type ArchiveLimits } from '../data/archive-limits';


export interface ProjectSnapshot {
  name: string;
  createdAt: number;
  classes: string[];
  samples: DatasetSample[];
  images: Map<number, Uint8Array>;
  ui: unknown;
  runs: Omit<StoredRun, 'projectId'>[];
}

export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

const ext = (path: string) => (/\.[A-Za-z0-9]{1,5}$/.exec(path)?.[0] ?? '').toLowerCase();

export function exportProjectZip(p: ProjectSnapshot): Uint8Array {
  const files: Zippable = {};
  const samples = p.samples.map((s) => {
    const bytes = p.images.get(s.id);
    if (!bytes) throw new Error(`cannot export: the image of sample ${s.path} is missing`);
    const file = `images/${s.id}${ext(s.path)}`;
    files[file] = [bytes, { level: 0 }]; // images are already compressed
    return { ...s, file };
  });
  const runs = p.runs.map((r) => {
    const checkpoints: ('last' | 'best')[] = [];
    for (const kind of ['last', 'best'] as const) {
      const c: TrainerCheckpoint | null = r[kind];
      if (c) {
        files[`runs/${r.runId}/${kind}.safetensors`] = [encodeCheckpoint(c), { level: 1 }];
        checkpoints.push(kind);
      }
    }
    if (r.logits.length) files[`runs/${r.runId}/logits.safetensors`] = [encodeLogits(r.logits), { level: 1 }];
    return {
      runId: r.runId, config: r.config, samples: r.samples, classNames: r.classNames, templates: r.templates, done: r.done, final: r.final ? evalToJson(r.final) : null,
      checkpoints, hasLogits: r.logits.length > 0, history: r.history ?? [],
      ...(r.label !== undefined ? { label: r.label } : {}), ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
      ...(r.evals ? { evals: r.evals.map(evalToJson) } : {}), ...(r.checkpoints ? { marks: r.checkpoints } : {}),
      ...(r.stopped !== undefined ? { stopped: r.stopped } : {}), ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.sweep ? { sweep: r.sweep } : {}),
    };
  });
  const json = { format: PROJECT_FORMAT, version: PROJECT_VERSION, name: p.name, createdAt: p.createdAt, classes: p.classes, samples, ui: p.ui, runs };
  files['project.json'] = strToU8(JSON.stringify(json));
  return zipSync(files);
}

/** A safe entry name: relative, no `..`, no backslashes, no drive letters, known top-level folders only. */
function checkEntryName(name: string): void {
  if (name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name) || name.split('/').some((p) => p === '..')) {
    throw new ProjectFileError(`the project file contains an unsafe path "${name}" (path traversal): refused`);
  }
  if (!(name === 'project.json' || /^images\/\d+(\.[a-z0-9]{1,5})?$/.test(name) || /^runs\/[\w.-]{1,100}\/(last|best|logits)\.safetensors$/.test(name) || name.endsWith('/'))) {
    throw new ProjectFileError(`the project file contains an unexpected entry "${name}": refused`);
  }
}

export function importProjectZip(bytes: Uint8Array, limits: ArchiveLimits = ARCHIVE_LIMITS.project): ProjectSnapshot {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new ProjectFileError('this is not a ProReg Studio project file (not a zip archive)');
  const check = archiveChecker('the project file', limits);
  const names = new Set<string>();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      // Checked from the central directory before anything is inflated.
      filter: (f) => {
        checkEntryName(f.name);
        const refusal = check(f);
        if (refusal) throw new ProjectFileError(`${refusal.replace(/; split it into smaller archives$/, '')}: refused`);
        if (names.has(f.name)) throw new ProjectFileError(`the project file holds "${f.name}" twice (a damaged or forged file): refused`);
        names.add(f.name);
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof ProjectFileError) throw e;
    throw new ProjectFileError(`the project file is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
  const raw = entries['project.json'];
  if (!raw) throw new ProjectFileError('the project file has no project.json');
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(raw));
  } catch {
    throw new ProjectFileError('project.json is not valid JSON');
  }
  const parsed = projectJson.safeParse(json);
  if (!parsed.success) throw new ProjectFileError(`project.json does not match the project schema: ${describeIssues(parsed.error)}`);
  const p = parsed.data;
  const images = new Map<number, Uint8Array>();
  const ids = new Set<number>();
  for (const s of p.samples) {
    if (ids.has(s.id)) throw new ProjectFileError(`project.json lists sample id ${s.id} twice`);
    ids.add(s.id);
    if (s.label >= p.classes.length) throw new ProjectFileError(`sample ${s.path} has label ${s.label} but there are ${p.classes.length} classes`);
    const img = entries[s.file];
    if (!img || !s.file.startsWith('images/')) throw new ProjectFileError(`the image of sample ${s.path} (${s.file}) is missing from the project file`);
    images.set(s.id, img);
  }
  for (const r of p.runs) {
    const bad = r.samples.find((s) => !ids.has(s.id) || s.label >= r.classNames.length);
    if (bad) throw new ProjectFileError(`run ${r.runId} lists sample ${bad.id}${ids.has(bad.id) ? ` with label ${bad.label} of ${r.classNames.length} classes` : ', which the project does not have'}: refused`);
  }
  const runs = p.runs.map((r) => {
    const read = (kind: string) => {
      const b = entries[`runs/${r.runId}/${kind}.safetensors`];
      if (!b) throw new ProjectFileError(`run ${r.runId} lists a ${kind} checkpoint that is missing from the project file`);
      return b;
    };
    return {
      runId: r.runId, config: r.config, samples: r.samples, classNames: r.classNames, templates: r.templates, done: r.done,
      final: r.final ? evalFromJson(r.final as JsonEval) : null,
      last: r.checkpoints.includes('last') ? decodeCheckpoint(read('last'), `${r.runId}/last.safetensors`) : null,
      best: r.checkpoints.includes('best') ? decodeCheckpoint(read('best'), `${r.runId}/best.safetensors`) : null,
      logits: r.hasLogits ? decodeLogits(read('logits'), `${r.runId}/logits.safetensors`) : [],
      history: (r.history ?? []).map((p) => ({
        step: p.step, epoch: p.epoch, loss: p.loss ?? NaN, lrEncoder: p.lrEncoder ?? NaN, lrHead: p.lrHead ?? NaN,
        means: Object.fromEntries(Object.entries(p.means).map(([k, v]) => [k, v ?? NaN])),
      })),
      ...(r.label !== undefined ? { label: r.label } : {}), ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
      ...(r.evals ? { evals: r.evals.map((e) => evalFromJson(e as JsonEval)) } : {}), ...(r.marks ? { checkpoints: r.marks } : {}),
      ...(r.stopped !== undefined ? { stopped: r.stopped } : {}), ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.sweep ? { sweep: r.sweep } : {}),
    };
  });
  return { name: p.name, createdAt: p.createdAt, classes: p.classes, samples: p.samples.map(({ file: _f, ...s }) => s), images, ui: p.ui, runs };
}
