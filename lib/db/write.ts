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
  } catch (error) {
    if (isConditionFailed(error)) throw onFailed();
    throw error;
  }
}

// ---- steps: transactions whose failed conditions speak the domain's language --------------------

/** One item of a transaction and the error its failed condition means. */
export interface Step {
  item: TransactItem;
  fail: () => Error | Promise<Error>;
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

/** Waits a random while that grows with the attempt (at most 200 ms), so concurrent writers spread out. */
export const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));

class Cancelled extends Error {
  constructor(
    readonly failedIndex: number,
    readonly reasons: string[],
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
 * Runs the steps as one transaction. A failed condition becomes its step's error; a conflict with
 * another transaction in flight (nothing was written), or a failure `retryOn` accepts, is retried
 * with jitter, so concurrent writers end with exactly the outcomes their conditions allow.
 */
export async function commitSteps<S extends Step>(given: S[], options: CommitOptions<S>): Promise<void> {
  const attempts = options.attempts ?? 12;
  for (let attempt = 1; ; attempt += 1) {
    const steps: Step[] = [...given, ...(options.derive ? await options.derive(given) : [])];
    try {
      await transact(
        steps.map((s) => s.item),
        (failed, reasons) => new Cancelled(failed, reasons),
      );
      return;
    } catch (error) {
      if (!(error instanceof Cancelled)) throw error;
      const step = steps[error.failedIndex];
      const failure = step ? await step.fail() : undefined;
      if (failure && !options.retryOn?.(failure)) throw failure;
      if (!failure && !error.reasons.includes('TransactionConflict')) throw error;
      if (attempt >= attempts) throw options.exhausted();
      await pause(attempt);
    }
  }
}
