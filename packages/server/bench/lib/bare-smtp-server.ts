// The email reference: a bare smtp-server, configured like the desk's listener (no AUTH, no
// STARTTLS, no reverse lookups), that accepts every message and discards it. Run as its own
// process: `node --import tsx bare-smtp-server.ts <port>`; prints "ready" once it listens.
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2]);
const server = new SMTPServer({
  logger: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  name: 'bench-bare-smtp',
  size: 25 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => callback(null, 'OK: discarded'));
  },
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
