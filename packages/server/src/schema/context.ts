// What every resolver receives: the desk, the caller, and per-request loaders.
import type { Principal } from '../auth/principal.js';
import type { Desk } from '../desk.js';

export interface GraphQLContext {
  readonly desk: Desk;
  readonly principal: Principal;
}
