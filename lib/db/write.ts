import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { type Condition, withCondition } from './items.ts';
import type { Key } from './keys.ts';

export const isConditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Runs a transaction; when DynamoDB cancels it, `onCancel` gets the index of the first item whose
 * condition failed (or -1 for conflicts), so a repository can say which invariant was violated.
 */
export async function transact(
  items: TransactItem[],
  onCancel: (failedIndex: number, reasons: string[]) => Error,
  clientRequestToken?: string,
): Promise<void> {
  const [only] = items;
  if (items.length === 1 && only && !clientRequestToken && !only.ConditionCheck)
    return writeAlone(only, () => onCancel(0, ['ConditionalCheckFailed']));
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: items,
        ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      throw onCancel(reasons.indexOf('ConditionalCheckFailed'), reasons);
    }
    throw error;
  }
}

export type { TransactItem, TransactWriteItem };

/**
 * One item is atomic by itself: written as a plain conditional Put, Update or Delete it costs half
 * of what a transaction of one item does (DynamoDB bills every transactional write twice, index
 * entries included).
 */
async function writeAlone(item: TransactItem, onFailed: () => Error): Promise<void> {
  try {
    if (item.Put) await db().send(new PutCommand(item.Put));
    else if (item.Update) await db().send(new UpdateCommand(item.Update as UpdateCommandInput));
    else if (item.Delete) await db().send(new DeleteCommand(item.Delete));
    else throw new Error('A condition check holds only inside a transaction: it cannot be written alone');
  } catch (error) {
    if (isConditionFailed(error)) throw onFailed();
    throw error;
  }
}

// ---- steps: transactions whose failed conditions speak the domain's language --------------------

/**
 * When a step is written (see `commitSteps`):
 * - `main` (the default): in the transaction, all or nothing;
 * - `before`: a reservation (a place in a quota, a name's guard) written alone before it, on its
 *   own condition, and taken back by `undo` when the transaction does not go in;
 * - `after`: what follows from it (a derived copy, a log entry, a new record) written alone once it
 *   went in, on a condition that lets a newer write win (a failed one is skipped: newer already).
 */
export type Phase = 'before' | 'main' | 'after';

/** One item of a transaction and the error its failed condition means. */
export interface Step {
  item: TransactItem;
  fail: () => Error | Promise<Error>;
  phase?: Phase;
  /** A `before` step's way back (its reservation released) when the transaction fails. */
  undo?: TransactItem;
}

export type { Condition };

/** The item must not exist yet (a create, a uniqueness guard). */
export const NEW_ITEM: Condition = { expression: 'attribute_not_exists(pk)' };

/** A Put of `item`, under `condition` when given, failing with `fail`. */
export const putStep = (item: Record<string, unknown>, fail: Step['fail'], condition?: Condition): Step => {
  const put = { TableName: tableName(), Item: item };
  return { item: { Put: condition ? withCondition(put, condition) : put }, fail };
};

/** A Delete of `key`, under `condition` when given (e.g. `atVersion`), failing with `fail`. */
export const deleteStep = (key: Key, fail: Step['fail'], condition?: Condition): Step => {
  const del = { TableName: tableName(), Key: key };
  return { item: { Delete: condition ? withCondition(del, condition) : del }, fail };
};

/** A step written once the transaction went in. */
export const afterwards = <S extends Step>(step: S): S => ({ ...step, phase: 'after' });

/** The steps all in the transaction, whatever their phase: where a change must be all or nothing. */
export const atomic = <S extends Step>(steps: S[]): S[] =>
  steps.map(({ phase: _phase, undo: _undo, ...step }) => step as S);

/** Waits a random while that grows with the attempt (at most 200 ms), so concurrent writers spread out. */
export const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

class Cancelled extends Error {
  constructor(
    readonly failedIndex: number,
    readonly reasons: string[],
    /** The step that failed when it was written alone (a reservation). */
    readonly step?: Step,
  ) {
    super(`transaction cancelled: ${reasons.join(',')}`);
  }
}

export interface CommitOptions<S extends Step> {
  /** Steps that follow from the given ones, built afresh before each attempt (what they read may have changed). */
  derive?: (given: S[]) => Promise<Step[]>;
  /** Failures that mean "nothing was written, try again" rather than an answer for the caller. */
  retryOn?: (failure: Error) => boolean;
  /** The error once the attempts run out. */
  exhausted: () => Error;
  /** Attempts before giving up (default 12). */
  attempts?: number;
}

/**
 * Runs the steps by phase: the reservations (`before`), then the `main` steps as one transaction
 * (a plain conditional write when there is one), then the `after` writes. A failed condition
 * becomes its step's error, and the reservations are given back; a conflict with another
 * transaction in flight (nothing was written), or a failure `retryOn` accepts, is retried with
 * jitter, so concurrent writers end with exactly the outcomes their conditions allow.
 *
 * Why phases: a transaction costs twice a plain write on AWS (four times as DynamoDB Local counts
 * it), index entries included, so only what must change together with the main item is in it.
 * A reservation can be held for a moment by a change that then fails (another request may see the
 * quota full meanwhile), never the other way round; a process dying between the phases leaves a
 * reservation held or a derived copy older than its source, never an invariant broken.
 */
export async function commitSteps<S extends Step>(given: S[], options: CommitOptions<S>): Promise<void> {
  const attempts = options.attempts ?? 12;
  for (let attempt = 1; ; attempt += 1) {
    const steps: Step[] = [...given, ...(options.derive ? await options.derive(given) : [])];
    const main = steps.filter((s) => (s.phase ?? 'main') === 'main');
    let reserved: Step[] = [];
    try {
      reserved = await reserve(steps.filter((s) => s.phase === 'before'));
      if (main.length)
        await transact(
          main.map((s) => s.item),
          (failed, reasons) => new Cancelled(failed, reasons),
        );
    } catch (error) {
      await release(reserved);
      if (!(error instanceof Cancelled)) throw error;
      const step = error.step ?? main[error.failedIndex];
      const failure = step ? await step.fail() : undefined;
      if (failure && !options.retryOn?.(failure)) throw failure;
      if (!failure && !error.reasons.includes('TransactionConflict')) throw error;
      if (attempt >= attempts) throw options.exhausted();
      await pause(attempt);
      continue;
    }
    await Promise.all(steps.filter((s) => s.phase === 'after').map((s) => writeAfter(s.item)));
    return;
  }
}

/**
 * Writes the reservations side by side, each alone (a plain conditional write costs a quarter of a
 * transaction's as DynamoDB Local counts it, half on AWS). When one fails, those that went in are
 * released and the failure names its step.
 */
async function reserve(steps: Step[]): Promise<Step[]> {
  const outcomes = await Promise.allSettled(
    steps.map((s) => writeAlone(s.item, () => new Cancelled(-1, ['ConditionalCheckFailed'], s))),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  const reserved = steps.filter((_, i) => outcomes[i]?.status === 'fulfilled');
  if (!failed) return reserved;
  await release(reserved);
  throw failed.reason;
}

/** Takes reservations back; each undo is unconditional, so it cannot fail on a condition. */
async function release(reserved: Step[]): Promise<void> {
  await Promise.all(
    reserved.flatMap((s) => (s.undo ? [writeAlone(s.undo, () => new Error('undo failed'))] : [])),
  );
}

/** An `after` write: alone, and skipped when its condition says a newer write got there first. */
export async function writeAfter(item: TransactItem): Promise<void> {
  try {
    await writeAlone(item, () => new Cancelled(-1, ['ConditionalCheckFailed']));
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
  }
}
