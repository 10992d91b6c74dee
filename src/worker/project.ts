// The worker's side of projects: everything a user does is written to IndexedDB as it happens (images on
// import, labels on edit, checkpoints as they are taken, the UI's state when it sends it), and a project
// can be reopened after a reload, exported as one zip and imported back.
import type { DatasetSample, ProjectInfo, ProjectState, RunInfo, RunRecordParts } from '../protocol/messages';
import type { ProjectDb} from '../persist/project-db';
import { type ImageRecord, type ProjectRecord, type StoredRun } from '../persist/project-db';
import { exportProjectZip, importProjectZip } from '../persist/project-zip';
import { tryLockProject, type ProjectLock } from '../persist/project-lock';
import type { EngineRun } from './runs';
import type { EngineSession } from './session';

const newId = () => `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class ProjectManager {
  private db: ProjectDb | null = null;
  projectId: string | null = null;
  private record: ProjectRecord | null = null;
  private writes: Promise<void> = Promise.resolve();
  private lock: ProjectLock | null = null;
  /** Another tab holds this project: nothing is written from here. */
  readOnly = false;

  constructor(
    private readonly session: EngineSession,
    private readonly openDb: () => Promise<ProjectDb>,
  ) {
    session.runs.onChange = (r) => {
      this.unsavedRuns.set(r.runId, r);
      this.runChanges.set(r.runId, (this.runChanges.get(r.runId) ?? 0) + 1);
      this.queue(async () => {});
      return this.flush(); // settles once written, or once a failed write was reported
    };
  }

  private async getDb(): Promise<ProjectDb> {
    this.db ??= await this.openDb();
    return this.db;
  }

  /** A write failed and none has succeeded since: the UI says the project is not saved. */
  private failing = false;
  /** Images and runs not yet written: every write tries them first, so nothing a failure skipped is lost. */
  private unsavedImages: ImageRecord[] = [];
  private readonly unsavedRuns = new Map<string, EngineRun>();
  /**
   * Changes per run so far. A run's record is one object that changes in place (checkpoint, then done), so
   * a write may only clear it from the backlog when no change came while it was being written.
   */
  private readonly runChanges = new Map<string, number>();

  /**
   * Writes happen in order, off the request path; a failure (storage full) is reported, never thrown into
   * training or the import: the session's state in memory stays whole, and the UI offers an export.
   */
  private queue(write: () => Promise<void>): void {
    if (this.readOnly) return;
    this.writes = this.writes.then(async () => {
      await this.writeBacklog();
      await write();
    }).then(() => {
      if (!this.failing) return;
      this.failing = false;
      this.session.emit({ type: 'storage', ok: true });
    }, (e: unknown) => {
      this.failing = true;
      const full = isQuotaError(e);
      const message = full
        ? 'browser storage is full, so this project is no longer being saved. Everything you did is still here in this tab: export the project to keep it, then free space (delete old projects or cached models) and reload.'
        : `the project could not be saved (${e instanceof Error ? e.message : String(e)}). Everything you did is still here in this tab: export the project to keep it.`;
      this.session.emit({ type: 'storage', ok: false, full, message });
    });
  }

  /** Waits for pending writes (tests, export). */
  flush(): Promise<void> {
    return this.writes;
  }

  async list(): Promise<ProjectInfo[]> {
    const db = await this.getDb();
    return (await db.listProjects()).sort((a, b) => b.updatedAt - a.updatedAt).map((p) => ({ id: p.id, name: p.name, updatedAt: p.updatedAt, classes: p.classes.length }));
  }

  /**
   * Opens a project (the most recent one when no id is given, a new one when there is none). When the most
   * recent one cannot be opened at start, a new one opens instead with a notice: nobody is locked out.
   */
  async open(projectId?: string): Promise<ProjectState> {
    if (projectId) return this.openRecord(projectId);
    const recent = (await this.list())[0];
    if (!recent) return this.openRecord();
    try {
      return await this.openRecord(recent.id);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const state = await this.openRecord(null);
      return { ...state, notice: `the last project "${recent.name}" could not be opened (${why}); a new project was started. Pick another project or delete that one.` };
    }
  }

  private async openRecord(projectId?: string | null): Promise<ProjectState> {
    const db = await this.getDb();
    await this.flush();
    // What the last project could not write stays with it (the user was told, and could export it).
    this.unsavedImages = [];
    this.unsavedRuns.clear();
    const id = projectId;
    const rec = id ? await db.getProject(id) : undefined;
    if (projectId && !rec) throw new Error(`no saved project "${projectId}"`);
    if (!rec) {
      this.record = { id: newId(), name: 'Untitled project', createdAt: Date.now(), updatedAt: Date.now(), classes: [], samples: [], ui: null };
      await db.putProject(this.record);
    } else this.record = rec;
    this.projectId = this.record.id;
    this.session.projectId = this.record.id;
    this.lock?.release();
    this.lock = await tryLockProject(this.record.id);
    this.readOnly = this.lock === null;
    // Only the ids: the images stay in storage and are read when needed (decoding, export).
    const opened = this.record.id;
    const images = new Set(await db.imageIds(opened));
    this.session.dataset.restore(this.record.classes, this.record.samples.filter((s) => images.has(s.id)), images, { read: (ids) => db.imageBytes(opened, ids) });
    this.session.prompts = { ...this.session.prompts, classNames: [...this.record.classes] };
    const runs = await db.getRuns(this.record.id);
    this.session.runs.restore(runs.map(toEngineRun));
    return this.state();
  }

  state(): ProjectState {
    const r = this.record!;
    const d = this.session.dataset;
    const state: ProjectState = { projectId: r.id, name: r.name, classes: d.classes, samples: d.samples, ui: r.ui, runs: this.session.runs.all().map(runInfo) };
    if (this.readOnly) state.notice = `"${r.name}" is open in another tab, so this tab is read-only: nothing you do here is saved. Close the other tab and reload this one to work here, or export the project.`;
    return state;
  }

  /** After an import: the new images and the dataset's labels. */
  savedImport(added: DatasetSample[]): void {
    if (!this.record) return;
    const id = this.record.id;
    const d = this.session.dataset;
    this.unsavedImages.push(...added.flatMap((s) => {
      const bytes = d.heldBytesOf(s.id);
      return bytes ? [{ projectId: id, sampleId: s.id, path: s.path, bytes }] : [];
    }));
    this.queue(() => this.saveProject());
  }

  private async writeBacklog(): Promise<void> {
    if (!this.record) return;
    const db = await this.getDb();
    if (this.unsavedImages.length) {
      const images = this.unsavedImages;
      const mine = images.filter((i) => i.projectId === this.record!.id);
      await db.putImages(mine);
      this.unsavedImages = this.unsavedImages.slice(images.length);
      // Stored: the dataset reads them back from here when needed, so memory need not hold them.
      this.session.dataset.release(mine.map((i) => i.sampleId));
    }
    for (const [runId, r] of this.unsavedRuns) {
      const changes = this.runChanges.get(runId);
      await this.saveRun(r);
      if (this.unsavedRuns.get(runId) === r && this.runChanges.get(runId) === changes) this.unsavedRuns.delete(runId);
    }
  }

  savedDataset(): void {
    this.queue(() => this.saveProject());
  }

  saveUi(ui: unknown, name?: string): void {
    if (!this.record) return;
    this.record.ui = ui;
    if (name) this.record.name = name;
    this.queue(() => this.saveProject());
  }

  private async saveProject(): Promise<void> {
    if (!this.record) return;
    const d = this.session.dataset;
    this.record = { ...this.record, classes: [...d.classes], samples: [...d.samples] };
    await (await this.getDb()).putProject(this.record);
  }

  private async saveRun(r: EngineRun): Promise<void> {
    if (!this.record) return;
    await (await this.getDb()).putRun(toStored(this.record.id, r));
  }

  async exportZip(): Promise<{ name: string; bytes: Uint8Array }> {
    if (!this.record) throw new Error('no project is open');
    await this.flush();
    const d = this.session.dataset;
    const ids = d.samples.map((s) => s.id);
    const images = new Map((await d.bytesOfMany(ids)).map((b, i) => [ids[i], b]));
    const runs = this.session.runs.all().map((r) => toStored(this.record!.id, r));
    const bytes = exportProjectZip({ name: this.record.name, createdAt: this.record.createdAt, classes: d.classes, samples: d.samples, images, ui: this.record.ui, runs });
    return { name: `${this.record.name.replace(/[^\w.-]+/g, '-') || 'project'}.proreg.zip`, bytes };
  }

  /** Imports a project file as a new project and opens it. */
  async importZip(bytes: Uint8Array): Promise<ProjectState> {
    const snap = importProjectZip(bytes);
    const db = await this.getDb();
    await this.flush();
    const id = newId();
    await db.putImages(snap.samples.map((s) => ({ projectId: id, sampleId: s.id, path: s.path, bytes: snap.images.get(s.id)! })));
    for (const r of snap.runs) await db.putRun({ ...r, projectId: id });
    await db.putProject({ id, name: snap.name, createdAt: snap.createdAt, updatedAt: Date.now(), classes: snap.classes, samples: snap.samples, ui: snap.ui });
    return this.open(id);
  }

  async remove(projectId: string): Promise<void> {
    await this.flush();
    await (await this.getDb()).deleteProject(projectId);
    await this.session.views?.drop(projectId);
  }
}

/** IndexedDB reports a full quota as QuotaExceededError, directly or as a transaction's abort reason. */
function isQuotaError(e: unknown): boolean {
  const named = (x: unknown) => typeof x === 'object' && x !== null && (x as { name?: unknown }).name === 'QuotaExceededError';
  return named(e) || (typeof e === 'object' && e !== null && named((e as { error?: unknown }).error));
}

/** The parts of a run's record that older projects may lack, present only where the record has them. */
function recordParts(r: RunRecordParts): RunRecordParts {
  const out: RunRecordParts = {};
  if (r.label !== undefined) out.label = r.label;
  if (r.startedAt !== undefined) out.startedAt = r.startedAt;
  if (r.evals !== undefined) out.evals = r.evals;
  if (r.checkpoints !== undefined) out.checkpoints = r.checkpoints;
  if (r.stopped !== undefined) out.stopped = r.stopped;
  if (r.error !== undefined) out.error = r.error;
  if (r.sweep !== undefined) out.sweep = r.sweep;
  return out;
}

function toStored(projectId: string, r: EngineRun): StoredRun {
  return { projectId, runId: r.runId, config: r.config, samples: r.samples, classNames: r.classNames, templates: r.templates, last: r.last, best: r.best, done: r.done, final: r.final, logits: [...r.logits], history: r.history ?? [], ...recordParts(r) };
}

function toEngineRun(s: StoredRun): EngineRun {
  return { runId: s.runId, config: s.config, samples: s.samples, classNames: s.classNames, templates: s.templates, last: s.last, best: s.best, done: s.done, final: s.final, logits: new Map(s.logits), history: s.history ?? [], ...recordParts(s) };
}

function runInfo(r: EngineRun): RunInfo {
  return { runId: r.runId, config: r.config, done: r.done, lastStep: r.last?.step ?? null, bestStep: r.best?.step ?? null, final: r.final, resumable: !r.done && r.last !== null, history: r.history ?? [], ...recordParts(r) };
}
