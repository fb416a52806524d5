// One HTML email used to freeze the whole process: the regular expressions of the old
// conversion rescanned to the end of the body for every opening tag that never closed
// (256 KB of `<!--` held HTTP and SMTP for 11 s). Each hostile pattern below, 1 MB of
// it, must cost about what 1 MB of plain text costs, measured in the same run so the
// machine's speed cancels out.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { HTML_TEXT_MAX_CHARS, htmlToText } from '../../src/channels/email/inbound/html-to-text.js';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';

const SIZE = 1_000_000;
/** Each pattern may cost at most this many times the plain-text conversion. */
const MAX_RATIO = 20;

function oneMegabyteOf(pattern: string): string {
  return pattern.repeat(Math.ceil(SIZE / pattern.length)).slice(0, SIZE);
}

const PLAIN = oneMegabyteOf('The Valencia link is down since 10:40, latency spikes on VLAN 210. ');

const PATTERNS: readonly (readonly [string, string])[] = [
  ['comments that never close', oneMegabyteOf('<!--')],
  ['script tags that never close', oneMegabyteOf('<script')],
  ['one script element that never closes', `<script>${oneMegabyteOf('x = "<script ";')}`],
  ['links that never close', oneMegabyteOf('<a href=x>')],
  ['preformatted blocks that never close', oneMegabyteOf('<pre>')],
  ['deeply nested elements', oneMegabyteOf('<div>')],
  ['deeply nested inline elements', oneMegabyteOf('<b><i>')],
  ['nested table cells', oneMegabyteOf('<table><tr><td>')],
  ['nested lists', oneMegabyteOf('<ul><li>')],
  ['close tags that match nothing', `${'<div>'.repeat(200)}${oneMegabyteOf('</span>')}`],
  ['a huge attribute', `<a href="${oneMegabyteOf('y')}">status page</a>`],
  ['bare angle brackets', oneMegabyteOf('<')],
];

interface Cost {
  /** Wall time of the conversion, ms. */
  readonly ms: number;
  /** Longest the event loop waited while it ran, ms. */
  readonly lagMs: number;
}

async function costOf(html: string): Promise<Cost> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.reset();
  const started = performance.now();
  htmlToText(html);
  const ms = performance.now() - started;
  // Let the delayed timer of the histogram fire so the blocked stretch is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return { ms, lagMs: histogram.max / 1e6 };
}

/**
 * The cheapest of a few runs: other work on the machine (other test files run
 * alongside) only ever adds to a run, while a conversion that is slow is slow every time.
 */
async function cheapestOf(runs: number, html: string): Promise<Cost> {
  const costs: Cost[] = [];
  for (let run = 0; run < runs; run++) costs.push(await costOf(html));
  return { ms: Math.min(...costs.map((cost) => cost.ms)), lagMs: Math.min(...costs.map((cost) => cost.lagMs)) };
}

describe('an HTML email cannot freeze the desk', () => {
  it.each(PATTERNS)('1 MB of %s converts in about the time of 1 MB of plain text', async (_name, html) => {
    // Warm up, then take the cheapest of a few plain-text runs as the yardstick.
    await costOf(PLAIN);
    const plain = await cheapestOf(3, PLAIN);
    const plainMs = Math.max(plain.ms, 1);
    const plainLagMs = Math.max(plain.lagMs, 1);

    const hostile = await cheapestOf(2, html);
    expect(hostile.ms / plainMs, `${hostile.ms.toFixed(0)} ms against ${plainMs.toFixed(0)} ms for plain text`).toBeLessThanOrEqual(MAX_RATIO);
    expect(hostile.lagMs / plainLagMs, `event loop held ${hostile.lagMs.toFixed(0)} ms against ${plainLagMs.toFixed(0)} ms`).toBeLessThanOrEqual(MAX_RATIO);
  });

  it('renders no markup from the hostile patterns', () => {
    for (const [, html] of PATTERNS) expect(htmlToText(html)).not.toMatch(/<(!--|script|a |pre|div|b>|table|ul)/i);
  });

  it('converts only the first part of a very long HTML body, says so, and keeps the HTML whole', async () => {
    const paragraph = '<p>Outage at the Valencia site, all circuits down.</p>';
    const html = paragraph.repeat(Math.ceil((HTML_TEXT_MAX_CHARS * 2) / paragraph.length));
    const raw = ['From: noc@acme.example', 'Subject: Outage', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n');
    const mail = await parseInboundEmail(raw);
    expect(mail.html?.length).toBeGreaterThan(HTML_TEXT_MAX_CHARS * 2 - 1);
    expect(mail.text).toMatch(/^Outage at the Valencia site, all circuits down\.\n\nOutage/);
    expect(mail.text).toMatch(/\[The rest of this HTML message \(\d+ more characters\) is not shown as text; the full message is kept\.\]$/);
    expect(mail.text.length).toBeLessThan(HTML_TEXT_MAX_CHARS);
  });

  it('still reads a document nested too deep to lay out, as plain lines', () => {
    const html = `${'<div>'.repeat(5_000)}<p>Link down at Valencia</p><script>alert(1)</script><p>Since 10:40 &amp; still down</p>`;
    expect(htmlToText(html)).toBe('Link down at Valencia\n\nSince 10:40 & still down');
  });
});
