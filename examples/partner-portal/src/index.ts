// `pnpm start`: builds the page and serves it with its backend on http://127.0.0.1:5180/, in front of
// the desk at NOCDESK_URL (http://127.0.0.1:4000/graphql by default).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { buildPortalPage } from './build-page.js';
import { startPortalServer } from './portal-server.js';

const pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-portal-page-'));
await buildPortalPage(pageDir);
const portal = await startPortalServer({
  deskUrl: process.env.NOCDESK_URL ?? 'http://127.0.0.1:4000/graphql',
  pageDir,
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 5180),
});
console.log(`Partner portal on ${portal.url}: sign in with a partner key (pnpm start at the repository root prints the demo ones).`);
const stop = () => void portal.close().then(() => fs.rmSync(pageDir, { recursive: true, force: true })).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
