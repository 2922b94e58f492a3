import { setTimeout as sleepFor } from 'node:timers/promises';
import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { logger } from '../log.ts';
import { count } from '../metrics.ts';
import { type CeilingOptions, withCeiling } from './ceiling.ts';
import * as repo from './repository.ts';
import { pace, shouldRenew } from './rules.ts';
import { providerSender, type SmsSender } from './sender.ts';

/**
 * The broadcast worker: sends a stored broadcast, one recipient at a time at the configured rate.
 *
 * Exactly once per number, whatever happens to the run:
 * - one recipient item per distinct number, written only if absent;
 * - a run takes the broadcast with a lease (renewed while it works), so two runs never work the
 *   same broadcast at once; a run that died loses it when the lease runs out;
 * - each recipient is claimed (`pending -> sending`, conditional write) BEFORE its message is sent,
 *   and only the claiming run settles it. A recipient a dead run had claimed is never sent again:
 *   it is settled as failed with `outcome_unknown` (the message may or may not have gone out);
 * - a run that runs out of time records how far it got and lets go; the next one resumes there.
 *
 * Every send passes the SMS ceiling (lib/sms/ceiling.ts). A recipient refused by the tenant's daily
 * cap is settled `refused` (`daily_cap`) for good; one refused for the deployment's rate goes back
 * to `pending` (error `rate`) and is tried again once the next second starts, by this run or, if it
 * runs out of time first, by the next.
 */

export interface RunOptions {
  /** The provider; the ceiling is always in front of it. */
  sender?: SmsSender;
  ceiling?: Pick<CeilingOptions, 'perSecond'>;
  sendsPerSecond?: number;
  /** Milliseconds left in this invocation (Lambda's getRemainingTimeInMillis). */
  remainingMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** completed: every recipient settled; busy: another run holds it; incomplete: out of time, resumable. */
export type RunOutcome = 'completed' | 'missing' | 'busy' | 'incomplete';

const LEASE_MS = 60_000;
/** Time kept in hand to record progress and let go before the invocation ends. */
const STOP_MARGIN_MS = 15_000;
const BUSY_POLL_MS = 500;
const PAGE = 50;
const WRITE_CONCURRENCY = 10;

export async function runBroadcast(
  tenantId: string,
  broadcastId: string,
  opts: RunOptions = {},
): Promise<RunOutcome> {
  const sender = withCeiling(opts.sender ?? providerSender(), { ...opts.ceiling, maxRateWaitMs: 0 });
  const perSecond = opts.sendsPerSecond ?? config().SMS_SENDS_PER_SECOND;
  const remaining = opts.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const sleep = opts.sleep ?? ((ms: number) => sleepFor(ms));
  const runId = ulid();
  const log = logger.createChild({ persistentKeys: { tenantId, broadcastId, runId } });

  // Take the broadcast; while a live run holds it, wait: it finishes, or its lease runs out.
  let b: repo.BroadcastRecord | undefined;
  let leaseUntil: number;
  for (;;) {
    b = await repo.getBroadcast(tenantId, broadcastId);
    if (!b) return 'missing';
    if (b.status === 'completed') return 'completed';
    const at = now().getTime();
    if (await repo.acquireLease(tenantId, broadcastId, runId, at, at + LEASE_MS)) {
      leaseUntil = at + LEASE_MS;
      break;
    }
    if (remaining() < STOP_MARGIN_MS + BUSY_POLL_MS) return 'busy';
    await sleep(BUSY_POLL_MS);
  }
  const broadcast = b;
  let checkpoint = broadcast.checkpoint;
  const keepLease = async () => {
    const at = now().getTime();
    if (!shouldRenew(leaseUntil, at, LEASE_MS)) return;
    await repo.renewLease(tenantId, broadcastId, runId, at + LEASE_MS, checkpoint);
    leaseUntil = at + LEASE_MS;
  };

  try {
    if (!broadcast.recipientsReady) {
      for (let i = 0; i < broadcast.plan.length; i += WRITE_CONCURRENCY) {
        await keepLease();
        await Promise.all(
          broadcast.plan
            .slice(i, i + WRITE_CONCURRENCY)
            .map((r) => repo.putRecipient(tenantId, broadcastId, r)),
        );
      }
      const invalid = broadcast.plan.filter((r) => !r.phone).length;
      await repo.markRecipientsReady(tenantId, broadcastId, runId, invalid, now().toISOString());
    }

    let nextAt = performance.now();
    /** Sends to one pending recipient; `paused` when a busy second outlasts this run's time. */
    const send = async (r: repo.RecipientRecord): Promise<'done' | 'paused'> => {
      const own = { is: runId };
      for (;;) {
        const claimed = await repo.moveRecipient(tenantId, broadcastId, r.sk, {
          from: 'pending',
          to: 'sending',
          set: { runId },
        });
        if (!claimed) return 'done';
        const step = pace(nextAt, performance.now(), perSecond);
        if (step.waitMs > 0) await sleep(step.waitMs);
        nextAt = step.nextAt;
        // A rejection here is a crash, not a failed message: the claim stays, and no run resends it.
        const result = await sender.send({ tenantId, phone: r.phone as string, text: broadcast.text });
        if (result.status === 'refused' && result.reason === 'rate') {
          // Nothing went out: the claim is handed back, so a later try (or run) claims it again.
          await repo.moveRecipient(tenantId, broadcastId, r.sk, {
            from: 'sending',
            to: 'pending',
            runId: own,
            set: { error: 'rate' },
          });
          if (remaining() < STOP_MARGIN_MS + result.retryAfterMs) return 'paused';
          await sleep(result.retryAfterMs);
          // A deployment busy for long must not cost this run its broadcast.
          await keepLease();
          continue;
        }
        count(result.status === 'sent' ? 'smsSent' : 'smsRefused');
        if (result.status === 'sent')
          await repo.moveRecipient(tenantId, broadcastId, r.sk, {
            from: 'sending',
            to: 'sent',
            runId: own,
            set: { messageId: result.messageId, sentAt: now().toISOString(), error: null },
          });
        else {
          if (result.status === 'failed')
            log.warn('sms failed', { smsStatus: 'failed', error: result.error });
          if (result.status === 'refused')
            log.warn('sms refused', { smsStatus: 'refused', reason: result.reason });
          await repo.moveRecipient(tenantId, broadcastId, r.sk, {
            from: 'sending',
            to: result.status,
            runId: own,
            set: {
              error:
                result.status === 'failed'
                  ? result.error
                  : result.status === 'refused'
                    ? result.reason
                    : null,
            },
          });
        }
        return 'done';
      }
    };

    const pause = async () => {
      await repo.releaseLease(tenantId, broadcastId, runId, checkpoint);
      log.info('broadcast paused: out of time', { checkpoint });
      return 'incomplete' as const;
    };

    for (;;) {
      const page = await repo.recipientsAfter(tenantId, broadcastId, checkpoint, PAGE);
      const pending = page.items
        .filter((r) => r.status === 'pending' && r.phone)
        .map((r) => r.phone as string);
      const optedOut = pending.length > 0 ? await repo.optedOut(tenantId, pending) : new Set<string>();
      for (const r of page.items) {
        if (remaining() < STOP_MARGIN_MS) return pause();
        await keepLease();
        if (r.status === 'sending' && r.runId !== runId) {
          log.warn('sms outcome unknown', { smsStatus: 'failed', error: 'outcome_unknown' });
          await repo.moveRecipient(tenantId, broadcastId, r.sk, {
            from: 'sending',
            to: 'failed',
            runId: { isNot: runId },
            set: { error: 'outcome_unknown' },
          });
        } else if (r.status === 'pending' && optedOut.has(r.phone as string)) {
          await repo.moveRecipient(tenantId, broadcastId, r.sk, { from: 'pending', to: 'opted_out' });
        } else if (r.status === 'pending') {
          if ((await send(r)) === 'paused') return pause();
        }
        checkpoint = r.sk;
      }
      if (!page.more) break;
    }
    await repo.completeBroadcast(tenantId, broadcastId, runId, now().toISOString());
    log.info('broadcast completed');
    return 'completed';
  } catch (error) {
    if (error instanceof repo.LeaseLost) {
      log.warn('broadcast taken over by another run');
      return 'busy';
    }
    // Let the next run start at once rather than when the lease runs out; what this run had
    // claimed stays claimed (and is never sent again).
    await repo.releaseLease(tenantId, broadcastId, runId, checkpoint).catch(() => undefined);
    throw error;
  }
}
