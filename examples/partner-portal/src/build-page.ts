// Builds the page with Vite (vite.config.ts beside this folder) into `outDir`: what `pnpm start` serves
// and what the browser test drives.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

export async function buildPortalPage(outDir: string): Promise<void> {
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
