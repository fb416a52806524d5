// What every resolver receives: the desk, the caller, and per-request loaders.
import type { Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';
import type { ResponseBudget } from './response-budget.js';

export interface GraphQLContext {
  readonly desk: Desk;
  readonly principal: Principal;
  /** Bounds the long texts (descriptions, message bodies) one answer may carry. */
  readonly budget: ResponseBudget;
}
