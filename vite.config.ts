import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Pre-bundle the engine's dependencies up front: a worker's imports are discovered late otherwise,
  // which makes Vite re-optimise and reload in the middle of a session.
  optimizeDeps: {
    include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-core/dist/register_all_gradients', 'entities/decode', 'jpeg-js', 'pngjs', 'fflate'],
  },
  server: { host: '127.0.0.1', port: 5173 },
});
