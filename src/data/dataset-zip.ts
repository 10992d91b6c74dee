// Expands dropped zip archives with fflate, refusing hostile archives (path traversal, entry-count, size and
// ratio bombs: archive-limits.ts, the same limits as project files) before anything is inflated.
import { unzipSync } from 'fflate';
import { ARCHIVE_LIMITS, archiveChecker } from './archive-limits';

export const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  bytes: Uint8Array;
}

export interface ZipResult {
  entries: ZipEntry[];
  /** Entries refused one by one (unsafe names, hidden files, damaged data), with a sentence for the user. */
  refused: Array<{ name: string; reason: 'unsafe-path' | 'hidden' | 'corrupt'; message: string }>;
}

/** True for `..` components, absolute paths (`/x`, `C:\x`, `\\server`) and NUL bytes. */
export function isUnsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0') || n.split('/').some((p) => p === '..');
}

/**
 * Lists and inflates a zip. Throws (with a message naming the archive) when it is corrupt or over the
 * limits of ARCHIVE_LIMITS.dataset; `skip` drops entries
 * (e.g. hidden files) without inflating them.
 */
export function expandZip(bytes: Uint8Array, zipName: string, skip: (name: string) => boolean): ZipResult {
  const refused: ZipResult['refused'] = [];
  const check = archiveChecker(zipName, ARCHIVE_LIMITS.dataset);
  const declared = new Map<string, number>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      // Runs on each central-directory entry before it is inflated.
      filter: (info) => {
        const refusal = check(info);
        if (refusal) throw new HostileZipError(refusal, 'too-large');
        if (info.name.endsWith('/')) return false; // folder entry
        if (isUnsafeEntryName(info.name)) {
          refused.push({ name: info.name, reason: 'unsafe-path', message: `${zipName}: entry "${info.name}" points outside the archive (a .. component or an absolute path); skipped` });
          return false;
        }
        if (skip(info.name)) {
          refused.push({ name: info.name, reason: 'hidden', message: `${zipName}: "${info.name}" is a hidden or system file (a name starting with ".", __MACOSX, Thumbs.db); skipped` });
          return false;
        }
        if (declared.has(info.name)) {
          refused.push({ name: info.name, reason: 'corrupt', message: `${zipName}: entry "${info.name}" appears twice in the archive; only the first is kept` });
          return false;
        }
        declared.set(info.name, info.originalSize);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof HostileZipError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new HostileZipError(`${zipName} is not a readable zip archive (${why})`);
  }
  const entries: ZipEntry[] = [];
  for (const [name, data] of Object.entries(files)) {
    // fflate inflates into a buffer of the declared size, so the size limit holds; a mismatch is damage.
    if (data.length !== declared.get(name)) {
      refused.push({ name, reason: 'corrupt', message: `${zipName}: entry "${name}" is damaged (${data.length} bytes instead of ${declared.get(name)})` });
      continue;
    }
    entries.push({ name, bytes: data });
  }
  return { entries, refused };
}

/** A zip that is refused as a whole. */
export class HostileZipError extends Error {
  constructor(message: string, readonly reason: 'too-large' | 'corrupt' = 'corrupt') {
    super(message);
    this.name = 'HostileZipError';
  }
}
