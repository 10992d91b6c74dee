// Dependency zones: ui -> store -> protocol <- client; worker -> train -> {model, data, tokenizer};
// weights -> model. The engine never sees React or the store; the UI never sees tfjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const engine = ['model', 'weights', 'tokenizer', 'data', 'train', 'hub', 'backend', 'persist'];
const uiSide = ['ui', 'store', 'client'];
const dirGroup = (dirs) => dirs.flatMap((d) => [`**/${d}/*`, `../${d}/*`]);

const zone = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  zone(['src/ui/**', 'src/store/**', 'src/client/**', 'src/main.tsx'], [
    { group: ['@tensorflow/*'], message: 'The UI side never imports tfjs: talk to the worker through protocol/.' },
    { group: dirGroup([...engine, 'worker']), message: 'The UI side reaches the engine only through the worker protocol.' },
  ]),
  zone(['src/protocol/**'], [
    { group: ['@tensorflow/*', 'react', 'zustand', ...dirGroup([...engine, ...uiSide, 'worker'])], message: 'protocol/ holds types and constants only.' },
  ]),
  zone(engine.map((d) => `src/${d}/**`), [
    { group: ['react', 'react-dom', 'zustand', 'recharts', ...dirGroup([...uiSide, 'worker', 'cli'])], message: 'The engine never imports React, the store, the worker or the CLI.' },
  ]),
  zone(['src/model/**'], [
    { group: dirGroup(['weights', 'train', 'data', 'hub', ...uiSide, 'worker', 'cli']), message: 'model/ is pure: loading lives in weights/.' },
  ]),
  zone(['src/tokenizer/**'], [
    { group: ['@tensorflow/*', 'react', ...dirGroup(['model', 'weights', 'train', 'data', 'hub', ...uiSide, 'worker'])], message: 'tokenizer/ is plain TypeScript.' },
  ]),
);
