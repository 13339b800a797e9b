// Vitest global setup: build the task pane once, before any test file runs. Browser tests serve
// dist/addin, and the server's own tests fetch its pages; when each browser file built it for
// itself, one file rebuilt dist/addin while another was serving it.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export default async function buildPaneOnce(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../../addin/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
