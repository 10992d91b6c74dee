// proreg-studio's command line: the same engine as the browser, on tfjs's WASM (default) or CPU backend.
// Prints only JSON on stdout; logs go to stderr.
import { parseArgs } from 'node:util';
import { useNodeBackend } from '../backend/backend-node';
import { loadClipBundle } from '../hub/model-bundle';
import { folderSource } from '../hub/folder-source-node';
import { embed, tokenize, zeroShot } from './commands';
import { readFolderDataset } from './dataset-node';
import { log, printJson } from './io-node';
import { train, TRAIN_OPTIONS } from './train-command';
import { EXPORT_TORCH_OPTIONS, exportTorch } from './export-torch-command';
import { importRunSummary } from './import-run-command';
import { BENCH_OPTIONS, benchMethods } from './bench-methods';

const USAGE = `usage: npm run --silent cli -- <command> [options]
  tokenize  --model DIR --texts-file F.json
  embed     --model DIR [--image FILE]... [--texts-file F.json]
  zero-shot --model DIR --data DIR [--template T]...
  train     --model DIR --data DIR --metrics FILE.jsonl --out DIR [options]  (see --help train)
  export-torch --model DIR --data DIR --out PROJ [train options] [--include-images]
  import-run --metrics FILE.jsonl [--run PROJ/run.json]
  bench-methods --model DIR --data DIR --methods a,b+proreg,c [--seeds 0,1,2] [train options]
common: --backend wasm|cpu (default wasm)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    log(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      model: { type: 'string' },
      'texts-file': { type: 'string' },
      image: { type: 'string', multiple: true },
      data: { type: 'string' },
      template: { type: 'string', multiple: true },
      backend: { type: 'string', default: 'wasm' },
      ...TRAIN_OPTIONS,
      ...EXPORT_TORCH_OPTIONS,
      run: { type: 'string' },
      ...BENCH_OPTIONS,
    },
    strict: true,
  });
  if (command === 'import-run') {
    printJson(importRunSummary(values));
    return;
  }
  if (!values.model) throw new Error('--model DIR is required');
  const backend = await useNodeBackend(values.backend);
  log(`backend: ${backend}`);
  const bundle = await loadClipBundle(folderSource(values.model));
  switch (command) {
    case 'tokenize':
      if (!values['texts-file']) throw new Error('tokenize needs --texts-file F.json');
      printJson(tokenize(bundle, values['texts-file']));
      break;
    case 'embed':
      if (!values.image?.length && !values['texts-file']) throw new Error('embed needs --image FILE and/or --texts-file F.json');
      printJson(await embed(bundle, values.image ?? [], values['texts-file']));
      break;
    case 'zero-shot':
      if (!values.data) throw new Error('zero-shot needs --data DIR');
      printJson(await zeroShot(bundle, readFolderDataset(values.data), values.template ?? []));
      break;
    case 'train':
      printJson(await train(bundle, values));
      break;
    case 'export-torch':
      printJson(await exportTorch(bundle, values));
      break;
    case 'bench-methods':
      printJson(await benchMethods(bundle, values));
      break;
    default:
      throw new Error(`unknown command "${command}"\n${USAGE}`);
  }
  bundle.model.dispose();
}

main(process.argv.slice(2)).catch((e: unknown) => {
  log(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
