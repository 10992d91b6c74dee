import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend run XNNPACK on several threads (SharedArrayBuffer).
// Model downloads are CORS fetches, which isolation allows.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react()],
  // Minification breaks tfjs's threaded WASM glue; an unminified bundle keeps threads working.
  build: { minify: false, chunkSizeWarningLimit: 4096 },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // Pre-bundle the engine's dependencies up front: a worker's imports are discovered late otherwise,
  // which makes Vite re-optimise and reload in the middle of a session.
  optimizeDeps: {
    include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-core/dist/register_all_gradients', 'entities/decode', 'jpeg-js', 'pngjs', 'fflate', 'pickleparser', 'image-size'],
  },
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
});
