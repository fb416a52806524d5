// One structured log line and one set of metrics per HTTP request: request id, GraphQL operation name
// and type, who called (principal kind and credential id, never the token), status, outcome, duration.
// Variables, query text and answers are never logged: they carry customer data.
import { getOperationAST, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import type { DeskLogger } from '../observability/logger.js';
import type { OperationOutcome } from '../observability/metrics.js';
import { requestIdOf } from './request-id.js';

interface RequestRecord {
  readonly startedAt: number;
  /** Set once a GraphQL request's parameters were read. */
  graphql: boolean;
  operationName?: string;
  operationType?: string;
  principal?: Principal;
  executed: boolean;
  errors: boolean;
}

const records = new WeakMap<Request, RequestRecord>();

/** Probes and scrapes: logged at debug, so a load balancer polling every second does not flood the log. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** The operation's name, or for an anonymous one its root fields (`createTicket`): both bounded by the schema or the client's code. */
function operationNameOf(operation: OperationDefinitionNode): string {
  if (operation.name) return operation.name.value;
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
  return fields.length > 0 ? [...new Set(fields)].sort().slice(0, 3).join('+') : '(anonymous)';
}

function outcomeOf(record: RequestRecord, status: number): OperationOutcome {
  if (status >= 500) return 'failed';
  if (!record.executed) return 'refused';
  return record.errors || status >= 400 ? 'error' : 'ok';
}

function principalFields(principal: Principal | undefined): { kind: string; id?: string } | undefined {
  if (!principal) return undefined;
  return principal.kind === 'anonymous' ? { kind: 'anonymous' } : { kind: principal.kind, id: principal.id };
}

/** The operation passed validation and runs: its name, type and caller are now known. */
function noteExecution(args: { contextValue: unknown; document: unknown; operationName?: string | null }): void {
  const context = args.contextValue as { request?: Request; principal?: Principal };
  const record = context.request ? records.get(context.request) : undefined;
  if (!record) return;
  record.executed = true;
  record.principal = context.principal;
  const operation = getOperationAST(args.document as DocumentNode, args.operationName ?? undefined);
  if (operation) {
    record.operationName = operationNameOf(operation);
    record.operationType = operation.operation;
  }
}

export function useRequestLog(desk: Desk): Plugin {
  const { metrics, log } = desk;
  return {
    onRequest({ request }) {
      records.set(request, { startedAt: performance.now(), graphql: false, executed: false, errors: false });
    },
    onParams({ request, params }) {
      const record = records.get(request);
      if (!record) return;
      record.graphql = true;
      // Params are the caller's JSON, not yet checked: an operationName that is a list nested thousands
      // deep would overflow the stack of the string conversion a regular expression makes.
      if (typeof params.operationName === 'string' && GRAPHQL_NAME.test(params.operationName)) record.operationName = params.operationName;
    },
    onExecute({ args }) {
      noteExecution(args);
    },
    onSubscribe({ args }) {
      noteExecution(args);
    },
    onExecutionResult({ request, result }) {
      const record = records.get(request);
      if (record && result && !(Symbol.asyncIterator in result) && (result.errors?.length ?? 0) > 0) record.errors = true;
    },
    onResponse({ request, response }) {
      const url = new URL(request.url, 'http://nocdesk.invalid');
      const record = records.get(request);
      const durationMs = record ? Math.round((performance.now() - record.startedAt) * 10) / 10 : undefined;
      const status = response.status;
      const line: Record<string, unknown> = { requestId: requestIdOf(request), method: request.method, path: url.pathname, status, durationMs };
      if (record?.graphql) {
        const outcome = outcomeOf(record, status);
        // Only an operation that ran names its label: a refused request could carry any name at all.
        const operation = record.executed ? metrics.operationLabel(record.operationName ?? '(anonymous)') : '(refused)';
        const labels = { operation, type: record.operationType ?? 'unknown', outcome };
        metrics.graphqlOperations.inc(labels);
        if (durationMs !== undefined) metrics.graphqlDuration.observe(labels, durationMs / 1000);
        Object.assign(line, { operation: record.operationName, operationType: record.operationType, outcome, principal: principalFields(record.principal) });
      }
      if (status >= 500) log.error(line, 'http request');
      else if (QUIET_PATHS.has(url.pathname)) log.debug(line, 'http request');
      else log.info(line, 'http request');
    },
  };
}

/** Yoga's own messages (unexpected errors above all) into the desk's log instead of the console. */
export function yogaLogger(log: DeskLogger): YogaLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) log[level]({ err: first }, first.message);
    // Only Yoga's own strings: an object it passes along could hold a request's variables.
    else log[level]([first, ...rest].filter((a) => typeof a === 'string').join(' '));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
