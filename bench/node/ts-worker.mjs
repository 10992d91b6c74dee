// worker_threads entry that loads a TypeScript module through tsx (workers do not inherit tsx's hooks).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsModule);
