// Projects in IndexedDB, written by the worker as work happens: the images a user dropped, the dataset's
// labels, splits and groups, the UI's state (prompts, configs, metrics), and each run with its last and
// best checkpoints. A reload or a closed tab loses nothing; an interrupted run resumes from its checkpoint.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetSample, RunRecordParts } from '../protocol/messages';
import type { TrainConfig, EvalResult, StepPoint } from '../protocol/train-types';
import type { TrainerCheckpoint } from '../train/checkpoint';
import type { SampleMeta } from '../train/train-data';

export interface ProjectRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  classes: string[];
  samples: DatasetSample[];
  /** Whatever the UI needs to restore itself (prompts, configs, metric history); opaque here. */
  ui: unknown;
}

export interface ImageRecord {
  projectId: string;
  sampleId: number;
  path: string;
  bytes: Uint8Array;
}

/** The engine's run (worker/runs.ts's EngineRun) as the project database stores it. */
export interface StoredRun extends RunRecordParts {
  projectId: string;
  runId: string;
  config: TrainConfig;
  samples: SampleMeta[];
  classNames: string[];
  templates: string[];
  last: TrainerCheckpoint | null;
  best: TrainerCheckpoint | null;
  done: boolean;
  final: EvalResult | null;
  /** Student logits per sample after the run: [sampleId, logits] pairs. */
  logits: [number, Float32Array][];
  /** Every step's point up to the last save (absent in projects saved before it was kept). */
  history?: StepPoint[];
}

interface Schema extends DBSchema {
  projects: { key: string; value: ProjectRecord };
  images: { key: [string, number]; value: ImageRecord; indexes: { byProject: string } };
  runs: { key: [string, string]; value: StoredRun; indexes: { byProject: string } };
}

export const DB_NAME = 'proreg-studio';

export class ProjectDb {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = DB_NAME): Promise<ProjectDb> {
    const db = await openDB<Schema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('projects', { keyPath: 'id' });
        d.createObjectStore('images', { keyPath: ['projectId', 'sampleId'] }).createIndex('byProject', 'projectId');
        d.createObjectStore('runs', { keyPath: ['projectId', 'runId'] }).createIndex('byProject', 'projectId');
      },
    });
    return new ProjectDb(db);
  }

  async listProjects(): Promise<Omit<ProjectRecord, 'samples' | 'ui'>[]> {
    return (await this.db.getAll('projects')).map(({ samples: _s, ui: _u, ...rest }) => rest);
  }

  getProject(id: string): Promise<ProjectRecord | undefined> {
    return this.db.get('projects', id);
  }

  async putProject(p: ProjectRecord): Promise<void> {
    await this.db.put('projects', { ...p, updatedAt: Date.now() });
  }

  async putImages(images: ImageRecord[]): Promise<void> {
    const tx = this.db.transaction('images', 'readwrite');
    await Promise.all([...images.map((i) => tx.store.put(i)), tx.done]);
  }

  getImages(projectId: string): Promise<ImageRecord[]> {
    return this.db.getAllFromIndex('images', 'byProject', projectId);
  }

  /** The sample ids whose image a project stores (keys only: no bytes are read). */
  async imageIds(projectId: string): Promise<number[]> {
    return (await this.db.getAllKeysFromIndex('images', 'byProject', projectId)).map((k) => k[1]);
  }

  /** The bytes of some of a project's images, in order (undefined where absent), in one transaction. */
  async imageBytes(projectId: string, ids: number[]): Promise<(Uint8Array | undefined)[]> {
    const tx = this.db.transaction('images', 'readonly');
    const got = await Promise.all(ids.map((id) => tx.store.get([projectId, id])));
    await tx.done;
    return got.map((r) => r?.bytes);
  }

  async putRun(r: StoredRun): Promise<void> {
    await this.db.put('runs', r);
  }

  getRuns(projectId: string): Promise<StoredRun[]> {
    return this.db.getAllFromIndex('runs', 'byProject', projectId);
  }

  async deleteProject(id: string): Promise<void> {
    const tx = this.db.transaction(['projects', 'images', 'runs'], 'readwrite');
    await tx.objectStore('projects').delete(id);
    for (const store of ['images', 'runs'] as const) {
      const s = tx.objectStore(store);
      for (const key of await s.index('byProject').getAllKeys(id)) await s.delete(key);
    }
    await tx.done;
  }

  close(): void {
    this.db.close();
  }
}
