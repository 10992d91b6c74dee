// `--corpus`, Node part: the CLI's import of a generated folder (importDataset, then every image decoded and
// preprocessed as zero-shot does) at 1,000 and 10,000 images, in a process of its own per size so that the
// peak resident memory (getrusage maxRSS) is that size's alone.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { readFolderDataset } from '../../src/cli/dataset-node';
import { decodeImage } from '../../src/data/decode-node';
import { CLIP_PREPROCESSOR } from '../../src/hub/model-bundle';
import { parsePreprocessorConfig, preprocessImage } from '../../src/data/preprocess';
import { PartOutput } from '../node/part-io';
import { row } from '../rows';
import { writeScaleCorpus } from './scale-corpus';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'one-size': { type: 'string' }, dir: { type: 'string' }, sizes: { type: 'string', default: '1000,10000' } } });

async function measureOne(dir: string): Promise<void> {
  const t0 = performance.now();
  const data = readFolderDataset(dir);
  const cfg = parsePreprocessorConfig(CLIP_PREPROCESSOR);
  let failed = 0;
  for (const s of data.samples) {
    try {
      preprocessImage(await decodeImage(s.read(), s.file), cfg);
    } catch {
      failed++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ seconds, images: data.samples.length, failed, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  if (values['one-size']) return measureOne(values.dir!);
  const out = new PartOutput('corpus-node', values.out!);
  for (const n of values.sizes!.split(',').map(Number)) {
    const dir = writeScaleCorpus(n);
    const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--one-size', String(n), '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`the ${n}-image run failed: ${r.stderr.slice(-500)}`);
    const m = JSON.parse(r.stdout) as { seconds: number; images: number; failed: number; maxRssMb: number };
    out.emit(row('corpus-import', 'node-cli', m.seconds, 's', { images: m.images, failed: m.failed, note: 'read, importDataset, decode and preprocess every image (160x120 JPEGs)' }));
    out.emit(row('corpus-import-peak-rss', 'node-cli', m.maxRssMb, 'MB', { images: m.images }));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
