// Object URLs for the thumbnails of dropped files, made a slice at a time: each URL costs the main thread
// a little (under a millisecond, more on a busy machine), so ten thousand made in one go would freeze the
// page for seconds. Between slices the page gets its turn (input, painting, the engine's replies).
import type { DatasetFile } from '../protocol/messages';
import { yieldToEventLoop } from '../shared/yield';
import { urlApi } from './dataset-slice';

/** Main-thread time one slice may take before it yields. */
export const THUMB_SLICE_MS = 20;

export async function thumbUrls(files: readonly DatasetFile[], sliceMs = THUMB_SLICE_MS, now: () => number = () => performance.now()): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let start = now();
  for (const f of files) {
    if (out[f.path]) urlApi.revoke(out[f.path]);
    out[f.path] = urlApi.create(f.blob);
    if (now() - start >= sliceMs) {
      await yieldToEventLoop();
      start = now();
    }
  }
  return out;
}
