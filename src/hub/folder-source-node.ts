// A model folder on disk (the CLI, tests, benchmarks). Large files are read in ranges from an open file
// handle, so a checkpoint is never read whole into memory.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { open as openFd } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSource } from './file-source';
import type { ByteRange } from '../weights/byte-range';

/** Ranges of a file on disk, from one open handle until `close`. */
async function fileRange(path: string): Promise<ByteRange> {
  const handle = await openFd(path, 'r');
  const size = (await handle.stat()).size;
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(out, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? out : out.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

export function folderSource(dir: string): FileSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model folder ${dir} does not exist`);
  return {
    label: dir,
    async read(file) {
      const p = join(dir, file);
      return existsSync(p) ? new Uint8Array(readFileSync(p)) : null;
    },
    async open(file) {
      const p = join(dir, file);
      return existsSync(p) ? fileRange(p) : null;
    },
    async list() {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ path: e.name, size: statSync(join(dir, e.name)).size }));
    },
  };
}
