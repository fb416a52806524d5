// Plays the voice platform for the IVR suites: posts form-encoded webhook requests to a running desk as
// Twilio does (CallSid, From, To, Digits), signed with the auth token over the public URL it was told to
// call, follows each Gather's action URL, and reads back what the TwiML says.
import twilio from 'twilio';

export const IVR_TOKEN = 'ivr-test-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://desk.example.com';

export interface Twiml {
  readonly status: number;
  readonly contentType: string | null;
  readonly xml: string;
  readonly says: readonly { readonly language: string; readonly text: string }[];
  /** Everything said, in order, one string. */
  readonly spoken: string;
  readonly gather: { readonly action: string; readonly numDigits: string | null; readonly finishOnKey: string | null } | null;
  readonly hangup: boolean;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? null : decode(match[1]);
}

/** Reads the few TwiML verbs the menu uses; test-side only (the desk builds its TwiML with the twilio package). */
export function readTwiml(status: number, contentType: string | null, xml: string): Twiml {
  const says = [...xml.matchAll(/<Say([^>]*)>([^<]*)<\/Say>/g)].map((m) => ({ language: attribute(m[1] ?? '', 'language') ?? '', text: decode(m[2] ?? '') }));
  const gatherTag = /<Gather([^>]*)>/.exec(xml)?.[1];
  return {
    status,
    contentType,
    xml,
    says,
    spoken: says.map((s) => s.text).join(' '),
    gather: gatherTag === undefined ? null : { action: attribute(gatherTag, 'action') ?? '', numDigits: attribute(gatherTag, 'numDigits'), finishOnKey: attribute(gatherTag, 'finishOnKey') },
    hangup: /<Hangup\s*\/>/.test(xml),
  };
}

export interface WebhookRequest {
  /** The public URL the platform calls (what it signs). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  /** Overrides the signature (absent: signed correctly; null: no header). */
  readonly signature?: string | null;
  readonly token?: string;
}

/** Posts one webhook request to the desk listening at `localBase`, as the platform would have sent it to `url`. */
export async function postWebhook(localBase: string, request: WebhookRequest): Promise<Twiml> {
  const target = new URL(request.url);
  const signature = request.signature === undefined ? twilio.getExpectedTwilioSignature(request.token ?? IVR_TOKEN, request.url, { ...request.params }) : request.signature;
  const response = await fetch(`${localBase}${target.pathname}${target.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams({ ...request.params }).toString(),
  });
  return readTwiml(response.status, response.headers.get('content-type'), await response.text());
}

/** One phone call to the desk's IVR: dial, then press keys, following the menu. */
export class VoiceCall {
  private next: string;
  private last: Twiml | undefined;
  private readonly callSid = `CA${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`;

  constructor(
    private readonly localBase: string,
    private readonly from: string | null,
  ) {
    this.next = `${PUBLIC_URL}/ivr/twilio`;
  }

  private params(digits: string | null): Record<string, string> {
    return { CallSid: this.callSid, AccountSid: 'AC00000000000000000000000000000000', From: this.from ?? 'anonymous', To: '+34910000200', CallStatus: 'in-progress', Direction: 'inbound', ...(digits === null ? {} : { Digits: digits }) };
  }

  async dial(): Promise<Twiml> {
    return this.turn(null);
  }

  /** Keys pressed at the current Gather (null: the caller stayed silent until it timed out). */
  async press(digits: string | null): Promise<Twiml> {
    if (!this.last?.gather) throw new Error(`nothing to press: the menu said ${this.last?.spoken ?? 'nothing'}`);
    return this.turn(digits);
  }

  private async turn(digits: string | null): Promise<Twiml> {
    const twiml = await postWebhook(this.localBase, { url: this.next, params: this.params(digits === null && this.last ? '' : digits) });
    if (twiml.gather) this.next = twiml.gather.action;
    this.last = twiml;
    return twiml;
  }
}
