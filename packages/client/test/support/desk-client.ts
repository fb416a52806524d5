// A client wired to a test desk through yoga.fetch: the whole HTTP stack, no port.
import { createNocdeskClient, type NocdeskClient } from '@nocdesk/client';
import type { TestDesk } from '../../../server/test/support/test-desk.js';

export const DESK_URL = 'http://nocdesk.test/graphql';

export function clientFor(desk: TestDesk, token?: string): NocdeskClient {
  return createNocdeskClient({ url: DESK_URL, fetch: desk.yoga.fetch, ...(token ? { token } : {}) });
}
