// Writes the bad-input corpus into a folder (class subfolders), e.g. for `cli zero-shot --data` or a
// folder upload in the studio: `npx tsx src/testing/corpus/write-corpus-node.ts DIR`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { corpusFiles } from './corpus-cases';

export async function writeCorpus(dir = join(mkdtempSync(join(tmpdir(), 'proreg-corpus-')), 'corpus')): Promise<string> {
  for (const f of await corpusFiles()) {
    const file = join(dir, f.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.bytes);
  }
  return dir;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  writeCorpus(process.argv[2]).then((d) => process.stdout.write(`${d}\n`));
}
