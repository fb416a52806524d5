// Runs the example receiver until Ctrl-C: NOCDESK_WEBHOOK_SECRET (required), HOST and PORT (127.0.0.1
// and 8787 by default).
import { startWebhookReceiver } from './receiver.js';

const secret = process.env.NOCDESK_WEBHOOK_SECRET;
if (!secret) {
  console.error('Set NOCDESK_WEBHOOK_SECRET to the secret createWebhook answered (whsec_…).');
  process.exit(2);
}
const receiver = await startWebhookReceiver({ secret, host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8787) });
console.log(`Listening on ${receiver.url}: register it with createWebhook, then watch the events arrive.`);
process.once('SIGINT', () => void receiver.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void receiver.close().then(() => process.exit(0)));
