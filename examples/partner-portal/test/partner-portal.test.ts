// The partner portal in Debian's headless Chromium against a real desk on 127.0.0.1 (started through
// @nocdesk/server's public API, SQLite): the page is built with Vite and served by the portal's own
// backend, and the test works it as a partner would: sign in with the key, open a ticket with its
// messages and history, add information, see an engineer's reply arrive live, escalate, keep the
// contact list current (the last administrative contact cannot go), read the hotlines, chat with an
// engineer, switch to Spanish. A screenshot is kept in test-artifacts/ (ignored by git).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNocdeskClient } from '@nocdesk/client';
import { loadConfig, seedDemo, startServer, type DemoCredentials, type RunningServer } from '@nocdesk/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortalPage } from '../src/build-page.js';
import { startPortalServer, type PortalServer } from '../src/portal-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
/** Each wait of the page; the whole test stays within a minute on a busy 2-core machine. */
const STEP_MS = 10_000;

/** One GraphQL call as staff, over HTTP: the engineer's side of the conversation. */
async function asStaff<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`staff call failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// Skipped only where Chromium is not installed (a newcomer's laptop); .ci/run installs it from Debian.
describe.skipIf(!fs.existsSync(CHROMIUM))('the partner portal in headless Chromium', () => {
  let desk: RunningServer;
  let credentials: DemoCredentials;
  let portal: PortalServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let pageDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-portal-desk-'));
    pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nocdesk-portal-page-'));
    const [started] = await Promise.all([
      startServer(loadConfig({ NOCDESK_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', SMTP_PORT: '0', LOG_LEVEL: 'warn' }), { runScheduler: false }),
      buildPortalPage(pageDir),
    ]);
    desk = started;
    const seeded = await seedDemo(desk.desk);
    if (!seeded.credentials) throw new Error('the desk did not seed its demo data');
    credentials = seeded.credentials;
    portal = await startPortalServer({ deskUrl: desk.url, pageDir, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page.setDefaultTimeout(STEP_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await desk?.close();
    for (const dir of [dataDir, pageDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the key, works a ticket live, keeps the contacts, shows the hotlines and chats with an engineer', async () => {
    const partner = createNocdeskClient({ url: desk.url, token: credentials.partnerKey });
    const ticket = await partner.tickets.create({ reporterEmail: 'noc@acme.example', subject: 'Packet loss on the Madrid transit', description: 'Since 08:40 we see 3% loss towards AS3352.', sof: 'SOF-10001' });

    // Sign in: a wrong key is refused in words; the right one opens the customer's portal.
    await page.goto(portal.url);
    await page.fill('#sign-in input[name=key]', 'ndp_not-a-key');
    await page.click('#sign-in button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-error'), { timeout: STEP_MS }).toContain('not valid');
    await page.fill('#sign-in input[name=key]', credentials.partnerKey);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#customer:has-text("Acme Networks")');
    // The key stays on the portal's server: nothing the page's scripts can read holds it.
    const readable = await page.evaluate(() => [document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join(' '));
    expect(readable).not.toContain(credentials.partnerKey);

    // The ticket, its messages and its history.
    await page.click(`tr[data-ticket="${ticket.number}"]`);
    await page.waitForSelector(`#ticket-detail h2:has-text("${ticket.displayNumber}")`);
    expect(await page.textContent('#messages')).toContain('3% loss towards AS3352');
    expect(await page.textContent('#history')).toContain('CREATED');

    // Adding information.
    await page.fill('#add-message textarea', 'Traceroute: the loss starts at hop 4 (ae1.mad1).');
    await page.click('#add-message button[type=submit]');
    await page.waitForSelector('#messages li:has-text("the loss starts at hop 4")');

    // An engineer answers elsewhere: the open ticket shows it without a reload.
    await asStaff(desk.url, credentials.engineerToken, 'mutation ($id: ID!) { assignTicket(input: { ticketId: $id }) { __typename } }', { id: ticket.id });
    await asStaff(desk.url, credentials.engineerToken, 'mutation ($id: ID!) { replyToTicket(input: { ticketId: $id, body: "We see it too: a faulty optic at Madrid, replacing it now.", status: WAITING_CUSTOMER }) { __typename } }', { id: ticket.id });
    await page.waitForSelector('#messages li:has-text("faulty optic at Madrid")');
    await page.waitForSelector('#detail-status:has-text("Waiting for you")');
    expect(await page.textContent('#live-note')).toMatch(/Updated just now: (REPLIED|WAITING_CUSTOMER|ASSIGNED)/);

    // Step 2: escalate.
    await page.click('#escalate');
    await page.waitForSelector('#escalation:has-text("escalation 1")');
    await page.waitForSelector('#history li:has-text("ESCALATED")');

    // Contacts: add one, remove it with a reason; the last administrative contact cannot go.
    await page.click('#tab-contacts');
    await page.fill('#add-contact input[name=name]', 'Lucía Pérez');
    await page.fill('#add-contact input[name=email]', 'lucia.perez@acme.example');
    await page.click('#add-contact button[type=submit]');
    await page.waitForSelector('tr[data-contact="lucia.perez@acme.example"]');
    await page.click('tr[data-contact="lucia.perez@acme.example"] button.remove');
    await page.fill('tr[data-contact="lucia.perez@acme.example"] input[name=reason]', 'Left the company');
    await page.click('tr[data-contact="lucia.perez@acme.example"] button[type=submit]');
    await page.waitForSelector('tr.removed[data-contact="lucia.perez@acme.example"]:has-text("Left the company")');
    await page.click('tr[data-contact="noc@acme.example"] button.remove');
    await page.fill('tr[data-contact="noc@acme.example"] input[name=reason]', 'Testing the rule');
    await page.click('tr[data-contact="noc@acme.example"] button[type=submit]');
    await page.waitForSelector('.notice.error:has-text("last administrative contact")');
    expect(await page.isVisible('tr.removed[data-contact="noc@acme.example"]')).toBe(false);

    // The support numbers by region.
    await page.click('#tab-hotlines');
    await page.waitForSelector('section[data-region="Europe"]:has-text("+34 910 000 100")');
    expect(await page.textContent('section[data-region="Americas"]')).toContain('Call centre (IVR)');

    // The live assistant: the portal opens a chat, an engineer joins and answers, both sides' lines show live.
    await page.click('#tab-chat');
    await page.selectOption('#chat-start select[name=contact]', 'ops@acme.example');
    await page.fill('#chat-start input[name=subject]', 'BGP session flapping');
    await page.click('#chat-start button[type=submit]');
    await page.waitForSelector('#chat-status:has-text("Waiting for an engineer")');
    const waiting = await asStaff<{ conversations: { edges: { node: { id: string } }[] } }>(desk.url, credentials.engineerToken, '{ conversations(status: WAITING, first: 5) { edges { node { id } } } }');
    const conversationId = waiting.conversations.edges[0]!.node.id;
    await asStaff(desk.url, credentials.engineerToken, 'mutation ($id: ID!) { joinConversation(input: { conversationId: $id }) { __typename } }', { id: conversationId });
    await asStaff(desk.url, credentials.engineerToken, 'mutation ($id: ID!) { sendConversationMessage(input: { conversationId: $id, body: "Hello, this is the NOC: which session?" }) { __typename } }', { id: conversationId });
    await page.waitForSelector('#chat-lines li.engineer:has-text("which session?")');
    await page.waitForSelector('#chat-status:has-text("An engineer is answering")');
    await page.fill('#chat-send input[name=body]', 'The one to AS3352 on ae1.');
    await page.click('#chat-send button[type=submit]');
    await page.waitForSelector('#chat-lines li.contact:has-text("AS3352 on ae1")');

    // In Spanish too.
    await page.click('#tab-tickets');
    await page.selectOption('#language', 'es');
    await page.waitForSelector('#tab-tickets:has-text("Incidencias")');
    await page.waitForSelector(`tr[data-ticket="${ticket.number}"] td:has-text("Esperando su respuesta")`);
    await page.click(`tr[data-ticket="${ticket.number}"]`);
    await page.waitForSelector('#ticket-detail h3:has-text("Historial")');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'partner-portal.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the API behind the portal answers nobody who has not signed in', async () => {
    const anonymous = await fetch(new URL('/api/nocdesk', portal.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ tickets(first: 1) { edges { node { number } } } }' }) });
    expect(anonymous.status).toBe(401);
    const staffToken = await fetch(new URL('/session', portal.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: credentials.engineerToken }) });
    expect(staffToken.status).toBe(403);
    const notJson = await fetch(new URL('/session', portal.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${credentials.partnerKey}` });
    expect(notJson.status).toBe(415);
  });
});
