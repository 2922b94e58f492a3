import { setTimeout as sleepFor } from 'node:timers/promises';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { localDate } from '../local-time.ts';
import { getSettings } from '../settings/repository.ts';
import { DEFAULT_SMS_DAILY_CAP } from '../settings/rules.ts';
import { toE164 } from './phone.ts';
import type { SmsSender } from './port.ts';
import * as repo from './repository.ts';

/**
 * The SMS ceiling, in front of every send (broadcasts and reminders alike): the tenant's daily cap
 * (`smsDailyCap` in its settings, counted per day of its time zone) and the deployment's sends per
 * second (SMS_GLOBAL_SENDS_PER_SECOND, one counter item per second shared by every worker). Both
 * are conditional counters on the table, so no number of parallel senders gets past them.
 *
 * The daily slot is taken first: a tenant at its cap spends none of the others' per-second budget.
 * A send refused for the rate gives its daily slot back (a crash in between loses the tenant one
 * SMS of the day, never lets one more through).
 */

export interface CeilingOptions {
  /** Sends per second across the deployment (default: the config). */
  perSecond?: number;
  /**
   * How long a send refused for the rate may wait for later seconds before it is reported refused
   * (`rate`). 0 reports it at once: the broadcast worker retries it itself.
   */
  maxRateWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DAY_COUNTER_TTL_S = 40 * 86_400;
const SECOND_COUNTER_TTL_S = 3600;

/** Milliseconds from `at` to the start of the next second-bucket. */
export const untilNextSecond = (at: Date) => 1000 - (at.getTime() % 1000);

/** `inner` behind the daily and per-second caps; invalid numbers are answered before either is spent. */
export function withCeiling(inner: SmsSender, opts: CeilingOptions = {}): SmsSender {
  const sleep = opts.sleep ?? ((ms: number) => sleepFor(ms));
  return {
    async send(message) {
      if (!toE164(message.phone)) return { status: 'invalid_number' };
      const { tenantId } = message;
      const settings = await getSettings(tenantId);
      const day = localDate(now(), settings.timezone);
      const dayExpires = Math.floor(now().getTime() / 1000) + DAY_COUNTER_TTL_S;
      const cap = settings.smsDailyCap ?? DEFAULT_SMS_DAILY_CAP;
      if (!(await repo.takeDailySlot(tenantId, day, cap, dayExpires))) {
        return { status: 'refused', reason: 'daily_cap' };
      }
      const perSecond = opts.perSecond ?? config().SMS_GLOBAL_SENDS_PER_SECOND;
      let waited = 0;
      for (;;) {
        const at = now();
        const second = Math.floor(at.getTime() / 1000);
        if (await repo.takeRateSlot(second, perSecond, second + SECOND_COUNTER_TTL_S)) break;
        const retryAfterMs = untilNextSecond(at);
        if (waited + retryAfterMs > (opts.maxRateWaitMs ?? 0)) {
          await repo.returnDailySlot(tenantId, day);
          return { status: 'refused', reason: 'rate', retryAfterMs };
        }
        await sleep(retryAfterMs);
        waited += retryAfterMs;
      }
      return inner.send(message);
    },
  };
}
