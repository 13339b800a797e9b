// Builds the task pane into dist/addin (served by the server at /taskpane.html and /assets/*).
// With ADDIN_ORIGIN set, also writes dist/manifest.xml pointing at that origin instead of
// https://localhost:3000 (the checked-in manifest.xml stays as it is).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

function manifestForOrigin(): Plugin {
  return {
    name: 'manifest-for-origin',
    apply: 'build',
    closeBundle() {
      const origin = process.env.ADDIN_ORIGIN?.replace(/\/+$/, '');
      if (!origin) return;
      if (!/^https:\/\/[^/\s"<>]+$/.test(origin)) throw new Error(`ADDIN_ORIGIN must be an https origin, got ${origin}`);
      const manifest = readFileSync(`${repo}/manifest.xml`, 'utf8').replaceAll('https://localhost:3000', origin);
      mkdirSync(`${repo}/dist`, { recursive: true });
      writeFileSync(`${repo}/dist/manifest.xml`, manifest);
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), manifestForOrigin()],
  build: {
    outDir: `${repo}/dist/addin`,
    emptyOutDir: true,
    rollupOptions: { input: `${root}/taskpane.html` },
    chunkSizeWarningLimit: 2000,
  },
});
