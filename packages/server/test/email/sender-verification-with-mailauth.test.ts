// A desk that receives mail directly (NOCDESK_VERIFY_SENDER=on) verifies senders itself with mailauth:
// DKIM signatures, SPF for the connecting address, DMARC alignment. The messages are signed here with a
// key generated for the test, and the resolver answers the matching DNS records, so nothing needs a
// network.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundEmail } from '../../src/channels/email/inbound/inbound-email.js';
import { senderAuthenticationOf, type DnsResolver } from '../../src/channels/email/inbound/sender-authentication.js';
import { plainMail, startEmailChannelServer, ticketNumbers, type EmailChannelServer } from '../support/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The DNS of acme.example: a DKIM key, an SPF record allowing one address, and DMARC p=reject. */
const resolver: DnsResolver = async (name, rrtype) => {
  const records: Record<string, string[][]> = {
    'TXT nocdesk._domainkey.acme.example': [[`v=DKIM1; k=rsa; p=${PUBLIC_KEY}`]],
    'TXT acme.example': [['v=spf1 ip4:192.0.2.10 -all']],
    'TXT _dmarc.acme.example': [['v=DMARC1; p=reject']],
  };
  const found = records[`${rrtype} ${name.toLowerCase()}`];
  if (found) return found;
  throw Object.assign(new Error(`no ${rrtype} record for ${name}`), { code: 'ENOTFOUND' });
};

async function signed(raw: Buffer): Promise<Buffer> {
  const result = await dkimSign(raw, { signatureData: [{ signingDomain: 'acme.example', selector: 'nocdesk', privateKey: PRIVATE_KEY }] });
  if (!result.signatures) throw new Error(`not signed: ${JSON.stringify(result.errors)}`);
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}

const report = () => plainMail({ from: 'Sam Patel <ops@acme.example>', subject: 'Link down in Madrid', body: 'No traffic since 09:00.', messageId: `dkim-${Math.random()}@acme.example` });

async function verdictFor(raw: Buffer, clientAddress: string) {
  return senderAuthenticationOf(raw, await parseInboundEmail(raw), { clientAddress, helo: 'mail.acme.example', mailFrom: 'ops@acme.example' }, {
    trustedAuthservIds: [],
    verifyDirectly: true,
    authservId: 'nocdesk.example',
    resolver,
  });
}

describe('sender verification with mailauth', () => {
  it('a valid DKIM signature of the From domain passes DMARC, even from an address SPF does not allow', async () => {
    expect(await verdictFor(await signed(report()), '198.51.100.7')).toEqual({ result: 'pass', mechanism: 'dmarc', domain: 'acme.example' });
  });

  it('a body altered after signing fails: DKIM breaks, SPF does not allow the sender, DMARC fails', async () => {
    const altered = Buffer.from((await signed(report())).toString('utf8').replace('No traffic since 09:00.', 'Please wire the invoice to a new account.'), 'utf8');
    expect(await verdictFor(altered, '198.51.100.7')).toEqual({ result: 'fail', mechanism: 'dmarc', domain: 'acme.example' });
  });

  it('a From domain with p=reject and no aligned pass at all fails', async () => {
    expect(await verdictFor(report(), '198.51.100.7')).toEqual({ result: 'fail', mechanism: 'dmarc', domain: 'acme.example' });
  });

  it('unsigned mail from the address SPF allows passes through SPF alignment', async () => {
    expect(await verdictFor(report(), '192.0.2.10')).toEqual({ result: 'pass', mechanism: 'dmarc', domain: 'acme.example' });
  });
});

describe('the SMTP listener verifying senders itself', () => {
  let desk: EmailChannelServer;
  beforeAll(async () => {
    desk = await startEmailChannelServer('sqlite', { env: { NOCDESK_VERIFY_SENDER: 'on' }, dnsResolver: resolver });
  });
  afterAll(async () => {
    await desk.close();
  });

  it('opens a ticket for a signed message and keeps an altered one as a rejected intake, answering neither sender nor owner', async () => {
    await desk.sendSmtp(await signed(report()), { from: 'ops@acme.example' });
    expect(await ticketNumbers(desk)).toHaveLength(1);
    const altered = Buffer.from((await signed(report())).toString('utf8').replace('No traffic since 09:00.', 'Changed on the way.'), 'utf8');
    await desk.sendSmtp(altered, { from: 'ops@acme.example' });
    expect(await ticketNumbers(desk)).toHaveLength(1);
    const rejected = await desk.gql<{ rejectedIntakes: { edges: { node: { reason: string } }[] } }>('{ rejectedIntakes(first: 5) { edges { node { reason } } } }');
    expect(rejected.data?.rejectedIntakes.edges.map((e) => e.node.reason)).toEqual(['SENDER_NOT_AUTHENTICATED']);
  });
});
