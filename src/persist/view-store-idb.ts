// Clean views in IndexedDB, one record per image under [scope, sample id]: the studio's per-image cache
// lives in browser storage, so memory holds only the batches in flight. The scope names the project and
// the preprocessing (crop, resize, ...): a project's sample ids are never reused (image records are only
// deleted with their project), so a stored view always belongs to the image its id names.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ViewStore } from '../train/view-store';

interface Schema extends DBSchema {
  views: { key: [string, number]; value: Uint8Array };
}

export const VIEWS_DB_NAME = 'proreg-views';

let shared: Promise<IDBPDatabase<Schema>> | null = null;
function openViews(name: string): Promise<IDBPDatabase<Schema>> {
  if (name !== VIEWS_DB_NAME) return openDB<Schema>(name, 1, { upgrade: (d) => void d.createObjectStore('views') });
  shared ??= openDB<Schema>(name, 1, { upgrade: (d) => void d.createObjectStore('views') });
  return shared;
}

const range = (scope: string) => IDBKeyRange.bound([scope, -Infinity], [scope, Infinity]);

export function idbViewStore(scope: string, dbName = VIEWS_DB_NAME): ViewStore {
  const db = openViews(dbName);
  return {
    inMemory: false,
    async ids() {
      const keys = await (await db).getAllKeys('views', range(scope));
      return new Set(keys.map((k) => k[1]));
    },
    async getMany(ids) {
      const tx = (await db).transaction('views', 'readonly');
      const got = await Promise.all(ids.map((id) => tx.store.get([scope, id])));
      await tx.done;
      return got;
    },
    async putMany(entries) {
      const tx = (await db).transaction('views', 'readwrite');
      await Promise.all([...entries.map(([id, v]) => tx.store.put(v, [scope, id])), tx.done]);
    },
  };
}

/** Drops every view of a project (any preprocessing): its images are gone. */
export async function deleteViewsOf(projectId: string, dbName = VIEWS_DB_NAME): Promise<void> {
  const d = await openViews(dbName);
  // Scopes start with the project id and a '|'; '|' + 1 is '}', so this range covers exactly them.
  await d.delete('views', IDBKeyRange.bound([`${projectId}|`, -Infinity], [`${projectId}}`, -Infinity]));
}

/** The scope of a project's views under a preprocessing configuration. */
export function viewScope(projectId: string, preprocess: unknown): string {
  const text = JSON.stringify(preprocess);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${projectId}|${h.toString(16).padStart(8, '0')}`;
}
