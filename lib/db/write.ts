import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';

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
