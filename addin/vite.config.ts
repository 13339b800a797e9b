// Builds the task pane and the workspace into dist/addin (served by the server at /taskpane.html,
// at / from web.html, and /assets/*).
// With ADDIN_ORIGIN set, also writes dist/manifest.xml pointing at that origin instead of
// https://localhost:3000 (the checked-in manifest.xml stays as it is).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { manifestForOrigin } from './manifestOrigin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

function deploymentManifest(): Plugin {
  return {
    name: 'manifest-for-origin',
    apply: 'build',
    closeBundle() {
      const origin = process.env.ADDIN_ORIGIN;
      if (!origin) return;
      mkdirSync(`${repo}/dist`, { recursive: true });
      writeFileSync(`${repo}/dist/manifest.xml`, manifestForOrigin(readFileSync(`${repo}/manifest.xml`, 'utf8'), origin));
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), deploymentManifest()],
  build: {
    outDir: `${repo}/dist/addin`,
    emptyOutDir: true,
    // The task pane inside Excel, and the same app as the workspace page at `/`.
    rollupOptions: { input: { taskpane: `${root}/taskpane.html`, web: `${root}/web.html` } },
    chunkSizeWarningLimit: 2000,
  },
});
