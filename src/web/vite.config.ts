import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { atlasPlugin, precompressPlugin } from './vite-plugins.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console bundle: built into dist/web, served by the node at `/` with an SPA fallback. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), atlasPlugin(), precompressPlugin()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The world map is fetched as separate assets (vite-plugins.ts); the JS stays small.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` for live editing against a node on :8080.
    proxy: {
      '/api': 'http://localhost:8080',
      '/taxii2': 'http://localhost:8080',
      '/cap': 'http://localhost:8080',
    },
  },
});
