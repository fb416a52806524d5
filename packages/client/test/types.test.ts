// The client's types as a partner's compiler sees them: results, unions and errors are the domain's
// exact values, never bare strings or numbers. Checked by `pnpm typecheck` (tsc over the tests).
import type {
  ErrorCode,
  Escalation,
  IntakeFlag,
  IntakeRejection,
  NocdeskClient,
  NocdeskErrorCode,
  Page,
  PriorityLevel,
  Ticket,
  TicketDetail,
  TicketEventType,
  TicketNumberCheck,
  TicketNumberRejection,
  TicketStatus,
} from '@nocdesk/client';
import type { AuthenticationError, InputValidationError, NetworkError, NocdeskError, ReporterNotAuthorizedError, RequestAbortedError, TicketTransitionRefusedError } from '@nocdesk/client';
import type { NocdeskSubscriptions, TicketChange } from '@nocdesk/client/subscriptions';
import { describe, expectTypeOf, it } from 'vitest';

describe('results', () => {
  it('a ticket’s enums and level are literal unions', () => {
    expectTypeOf<Ticket['status']>().toEqualTypeOf<'OPEN' | 'IN_PROGRESS' | 'WAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED'>();
    expectTypeOf<Ticket['priority']['level']>().toEqualTypeOf<1 | 2 | 3>();
    expectTypeOf<PriorityLevel>().toEqualTypeOf<1 | 2 | 3>();
    expectTypeOf<Ticket['priority']['source']>().toEqualTypeOf<'REQUESTED' | 'CATEGORY' | 'KEYWORD' | 'DEFAULT' | 'STAFF'>();
    expectTypeOf<Ticket['flags']>().toEqualTypeOf<readonly IntakeFlag[]>();
    expectTypeOf<IntakeFlag>().toEqualTypeOf<'SOF_MISSING' | 'SOF_INVALID' | 'SOF_UNKNOWN' | 'SOF_FOREIGN' | 'SOF_INACTIVE' | 'SOF_MULTIPLE' | 'PRIORITY_MISMATCH' | 'SENDER_UNVERIFIED'>();
    expectTypeOf<Ticket['slaState']>().toEqualTypeOf<'ON_TRACK' | 'AT_RISK' | 'BREACHED'>();
    expectTypeOf<Ticket['channel']>().toEqualTypeOf<'EMAIL' | 'PORTAL' | 'PHONE' | 'CHAT'>();
    expectTypeOf<TicketDetail['events'][number]['type']>().toEqualTypeOf<TicketEventType>();
    expectTypeOf<string>().not.toExtend<TicketEventType>();
  });

  it('methods answer exactly what they say', () => {
    expectTypeOf<NocdeskClient['tickets']['create']>().returns.resolves.toEqualTypeOf<Ticket>();
    expectTypeOf<NocdeskClient['tickets']['get']>().returns.resolves.toEqualTypeOf<TicketDetail | null>();
    expectTypeOf<NocdeskClient['tickets']['list']>().returns.resolves.toEqualTypeOf<Page<Ticket>>();
    expectTypeOf<NocdeskClient['tickets']['all']>().returns.toEqualTypeOf<AsyncGenerator<Ticket, void, undefined>>();
    expectTypeOf<NocdeskClient['tickets']['escalate']>().returns.resolves.toEqualTypeOf<Escalation>();
    expectTypeOf<Escalation['counted']>().toEqualTypeOf<boolean>();
    expectTypeOf<NocdeskClient['ticketNumbers']['check']>().returns.resolves.toEqualTypeOf<TicketNumberCheck>();
    expectTypeOf<ReturnType<NocdeskSubscriptions['ticketChanged']>>().toEqualTypeOf<AsyncGenerator<TicketChange, void, undefined>>();
    expectTypeOf<TicketChange['type']>().toEqualTypeOf<TicketEventType>();
  });

  it('the ticket-number check is discriminated on valid', () => {
    const describeCheck = (check: TicketNumberCheck): string => {
      if (check.valid) {
        expectTypeOf(check.number).toEqualTypeOf<string>();
        expectTypeOf(check).not.toHaveProperty('reason');
        return check.displayNumber;
      }
      expectTypeOf(check.reason).toEqualTypeOf<TicketNumberRejection>();
      expectTypeOf(check.message).toEqualTypeOf<string>();
      return check.message;
    };
    expectTypeOf(describeCheck).returns.toEqualTypeOf<string>();
  });

  it('optional arguments take undefined, for exactOptionalPropertyTypes', () => {
    expectTypeOf<Parameters<NocdeskClient['tickets']['list']>[0]>().toExtend<{ readonly first?: number | undefined; readonly after?: string | null | undefined } | undefined>();
    expectTypeOf<{ signal: undefined; timeoutMs: undefined; headers: undefined; idempotencyKey: undefined }>().toExtend<NonNullable<Parameters<NocdeskClient['tickets']['create']>[1]>>();
    expectTypeOf<{ number: undefined }>().toExtend<NonNullable<Parameters<NocdeskSubscriptions['ticketChanged']>[0]>>();
  });
});

describe('errors', () => {
  it('each class narrows code and carries its fields, exactly typed', () => {
    expectTypeOf<InputValidationError['code']>().toEqualTypeOf<'INVALID_INPUT'>();
    expectTypeOf<InputValidationError['issues']>().toEqualTypeOf<readonly { readonly path: readonly string[]; readonly message: string }[]>();
    expectTypeOf<ReporterNotAuthorizedError['reason']>().toEqualTypeOf<IntakeRejection>();
    expectTypeOf<TicketTransitionRefusedError['ticketStatus']>().toEqualTypeOf<TicketStatus>();
    expectTypeOf<AuthenticationError['code']>().toEqualTypeOf<'UNAUTHENTICATED'>();
    expectTypeOf<NetworkError['code']>().toEqualTypeOf<'NETWORK_ERROR' | 'TIMEOUT'>();
    expectTypeOf<RequestAbortedError['code']>().toEqualTypeOf<'ABORTED'>();
    expectTypeOf<NocdeskError['requestId']>().toEqualTypeOf<string | undefined>();
  });

  it('every class is a NocdeskError, and the base code names every schema code', () => {
    expectTypeOf<RequestAbortedError>().toExtend<NocdeskError>();
    expectTypeOf<ErrorCode>().toExtend<NocdeskErrorCode>();
    expectTypeOf<'REPORTER_NOT_AUTHORIZED'>().toExtend<ErrorCode>();
  });
});
