import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The app calls the API under /api (VITE_API_BASE); in development the dev server forwards /api to
 * API_TARGET: the mock server (Prism, contract examples) before the backend exists, the backend
 * after. WEB_PORT sets the port (the e2e suites pass free ones).
 */
const target = process.env.API_TARGET ?? 'http://127.0.0.1:4010';
const port = Number(process.env.WEB_PORT ?? 5173);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port,
    strictPort: true,
    proxy: { '/api': { target, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, '') } },
  },
  preview: { host: '127.0.0.1', port, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
