// worker_threads side of the Node preprocess part: decode + preprocess the images it is sent until a deadline.
import { parentPort } from 'node:worker_threads';
import { decodeImageBytes } from '../../src/data/decode-node';
import { parsePreprocessorConfig, preprocessImage } from '../../src/data/preprocess';
import { CLIP_PREPROCESSOR } from '../../src/hub/model-bundle';

const cfg = parsePreprocessorConfig(CLIP_PREPROCESSOR);

parentPort!.on('message', (m: { images: { name: string; bytes: Uint8Array }[]; deadline: number } | 'ping') => {
  if (m === 'ping') {
    parentPort!.postMessage('pong');
    return;
  }
  let done = 0;
  const failed: string[] = [];
  for (const { name, bytes } of m.images) {
    if (Date.now() > m.deadline) break;
    try {
      const px = preprocessImage(decodeImageBytes(bytes, name), cfg);
      if (px.length !== 3 * cfg.cropHeight * cfg.cropWidth) throw new Error('bad size');
    } catch (e) {
      failed.push(`${name}: ${e instanceof Error ? e.message : e}`);
    }
    done += 1;
  }
  parentPort!.postMessage({ done, failed });
});
