import type { ReversalGuard } from './journal-service';
import { EVENT_TYPES, EVENTS } from './events/registry';

/** The guard each business event's entry type runs before a reversal, from the event registry. */
export const fundReversalGuards: ReadonlyMap<string, ReversalGuard> = new Map(EVENT_TYPES.map((type) => [type, EVENTS[type].reversalGuard]));
