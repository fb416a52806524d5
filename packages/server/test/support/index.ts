// The server's one test-support module: desks in-process (yoga.fetch) and running on real ports (HTTP +
// SMTP), the nocdesk command as a child process, mail fixtures and the GraphQL helpers.
export * from './test-desk.js';
export * from './sse.js';
export * from './recording-relay.js';
export {
  ackMessageId,
  DESK_ADDRESS,
  FIRST_TICKET,
  FIXTURE_ACK_ID,
  fixture,
  fixtureAnsweringAck,
  fixturePath,
  OUTAGE_REPORT_ID,
  outboxRows,
  plainMail,
  privatePostgresSchema,
  startEmailChannelServer,
  startWithAcknowledgedReport,
  TICKET_FIELDS,
  ticketByNumber,
  ticketNumbers,
  type EmailChannelServer,
  type EmailChannelServerOptions,
  type GraphQLAnswer,
  type PlainMail,
  type TicketView,
} from '../email-channel/email-channel-server.js';
export * from '../email-channel/nocdesk-cli.js';
