// `nocdesk mailgate`: hands one message from an MTA to the desk. It loads nothing but the mailgate, since
// an MTA starts it once per message.
import { parseArgs } from 'node:util';
import { runMailgate, MAILGATE_EXIT } from '../channels/email/inbound/mailgate.js';

export async function mailgateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' }, token: { type: 'string' }, timeout: { type: 'string' } } });
  const url = values.url ?? process.env.NOCDESK_URL ?? 'http://127.0.0.1:4000/graphql';
  const tokenValue = values.token ?? process.env.NOCDESK_ADMIN_TOKEN ?? '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const result = await runMailgate({ raw: Buffer.concat(chunks), url, token: tokenValue, timeoutMs: Number(values.timeout ?? 60_000) });
  (result.exitCode === MAILGATE_EXIT.OK ? console.log : console.error)(result.message);
  return result.exitCode;
}
