// Vite builds the page in web/. In this repository @nocdesk/client resolves to its sources, so the
// example needs no build of the package first; a partner's copy imports the published package instead
// and drops the aliases.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const client = (file: string) => fileURLToPath(new URL(`../../packages/client/src/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  resolve: {
    alias: [
      { find: '@nocdesk/client/subscriptions', replacement: client('subscriptions.ts') },
      { find: '@nocdesk/client', replacement: client('index.ts') },
    ],
  },
  build: { target: 'es2022', sourcemap: true },
});
