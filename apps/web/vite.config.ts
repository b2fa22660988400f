import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.HOOKPATH_API_URL ?? 'http://127.0.0.1:3000';

// The portal is served by the API at `/` (same origin); `vite` alone proxies the API for development.
export default defineConfig({
  plugins: [react()],
  resolve: {
    // The report library's pictures are drawn by the same code on the server and here: its source is bundled.
    alias: { '@hookpath/report': fileURLToPath(new URL('../../libs/report/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1600 },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/api': api,
      '/r/': api,
      '/health': api,
    },
  },
});
