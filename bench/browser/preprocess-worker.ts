// Preprocess pool member: createImageBitmap decode (decodeImageBlob) + the engine's CLIP preprocessing.
import { decodeImageBlob } from '../../src/data/decode-browser';
import { parsePreprocessorConfig, preprocessImage } from '../../src/data/preprocess';
import { CLIP_PREPROCESSOR } from '../../src/hub/model-bundle';

const cfg = parsePreprocessorConfig(CLIP_PREPROCESSOR);

self.onmessage = async (e: MessageEvent<{ blobs: Blob[]; deadline: number } | 'ping'>) => {
  if (e.data === 'ping') {
    self.postMessage('pong');
    return;
  }
  let done = 0;
  const failed: string[] = [];
  for (const blob of e.data.blobs) {
    if (Date.now() > e.data.deadline) break;
    try {
      preprocessImage(await decodeImageBlob(blob), cfg);
    } catch (err) {
      failed.push(err instanceof Error ? err.message : String(err));
    }
    done += 1;
  }
  self.postMessage({ done, failed });
};
