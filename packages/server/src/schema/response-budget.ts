// Long texts in one answer are bounded: descriptions and message bodies count against a per-request
// budget, so a few aliased queries cannot make the desk assemble hundreds of megabytes (each stored text
// is capped, but a page of tickets times their messages times aliases is not).
import { GraphQLError } from 'graphql';

/** Characters of descriptions and message bodies one request may return. */
export const RESPONSE_TEXT_BUDGET = 8 * 1024 * 1024;

export class ResponseBudget {
  private spent = 0;
  /** A subscription answers once per event, each event its own root value: each gets a budget of its own. */
  private readonly perEvent = new WeakMap<object, number>();

  constructor(private readonly limit: number = RESPONSE_TEXT_BUDGET) {}

  /** Returns the text, or refuses it once the answer has carried `limit` characters of long text. */
  spend(text: string, info?: { readonly rootValue?: unknown }): string {
    const root = info?.rootValue;
    let spent: number;
    if (typeof root === 'object' && root !== null) {
      spent = (this.perEvent.get(root) ?? 0) + text.length;
      this.perEvent.set(root, spent);
    } else {
      spent = this.spent += text.length;
    }
    if (spent > this.limit) {
      throw new GraphQLError(`This answer would hold more than ${this.limit} characters of descriptions and message bodies: ask for fewer tickets or fields per request.`, {
        extensions: { code: 'RESPONSE_TOO_LARGE' },
      });
    }
    return text;
  }
}
