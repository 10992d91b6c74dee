// The BAR image files (PNG/JPEG) under a folder, sorted: read in place from ../shared, never copied.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listImages(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listImages(p));
    else if (/\.(jpe?g|png)$/i.test(e)) out.push(p);
  }
  return out;
}
