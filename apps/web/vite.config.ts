import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev` runs the server on :3000 and this dev server on :5173; the SPA calls the
// API on its own origin, so the proxy forwards every server route.
const SERVER_URL = 'http://localhost:3000';
const proxiedPrefixes = ['/trpc', '/api', '/auth', '/healthz', '/metrics', '/mcp'];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxiedPrefixes.map((prefix) => [prefix, { target: SERVER_URL }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
