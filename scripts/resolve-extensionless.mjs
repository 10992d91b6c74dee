// Node ESM resolve hook for tfjs-core's ESM files, which import siblings without extensions
// (`./gradients`, `../ops/ops`). The CLI and benchmarks need `register_all_gradients` from them: Node's
// CommonJS build of tfjs-core registers no gradients. Registered with `node --import`.
// Also loads `file?raw` imports as their text (Vite's convention), which the PyTorch project export uses.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const fromTfjs = context.parentURL && context.parentURL.includes('/@tensorflow/');
    if (!fromTfjs || !specifier.startsWith('.') || !['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT'].includes(err.code)) throw err;
    try {
      return await next(specifier + '.js', context);
    } catch {
      return next(specifier + '/index.js', context);
    }
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('?raw')) return next(url, context);
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
  return { format: 'module', source: 'export default ' + JSON.stringify(text) + ';', shortCircuit: true };
}`),
);
