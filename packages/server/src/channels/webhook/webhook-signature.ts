// The signature of a delivery, Stripe's scheme: `nocdesk-signature: t=<unix seconds>,v1=<hex>` where
// the hex is HMAC-SHA256, keyed with the webhook's secret, of "<t>.<raw body>". The timestamp is
// signed with the body, so a receiver that refuses old timestamps cannot be fed a recorded delivery
// again later; `verifyWebhook` in @nocdesk/client checks both.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'nocdesk-signature';

export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
