// A helper worker of the engine: decodes images (the browser's decoder) and runs the CLIP preprocessing,
// returning the uint8 [3,S,S] crop. Several run in parallel while a dataset is prepared.
import { decodeImageBlob } from '../data/decode-browser';
import { preprocessToU8 } from '../data/preprocess';
import type { PreprocessJob, PreprocessResult } from './preprocess-jobs';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.addEventListener('message', async (e: MessageEvent<PreprocessJob>) => {
  const { id, bytes, name, cfg } = e.data;
  try {
    const u8 = preprocessToU8(await decodeImageBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), name), cfg);
    scope.postMessage({ id, ok: true, u8 } satisfies PreprocessResult, [u8.buffer]);
  } catch (err) {
    scope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies PreprocessResult);
  }
});
