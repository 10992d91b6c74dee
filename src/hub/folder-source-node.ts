// A model folder on disk (the CLI, tests, benchmarks).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from './file-source';

export function folderSource(dir: string): FileSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model folder ${dir} does not exist`);
  return {
    label: dir,
    async read(file) {
      const p = join(dir, file);
      return existsSync(p) ? new Uint8Array(readFileSync(p)) : null;
    },
  };
}
