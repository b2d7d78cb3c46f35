import { todayIn } from '../domain/dates';
import type { EventOptions } from '../application/fund-event-service';
import type { AppDeps } from './deps';

/** The clock, today's date in the fund time zone, and the screening validity window. */
export function eventOptions(deps: AppDeps): EventOptions {
  return {
    clock: deps.clock,
    today: todayIn(deps.config.timeZone, deps.clock.now()),
    screeningValidityDays: deps.config.screeningValidityDays,
    lockUpMonths: deps.config.watch.lockUpMonths,
  };
}
