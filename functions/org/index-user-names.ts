import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onUserNamed } from '#lib/org/name-index.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of user items (lib/jobs.ts `user-search`; the local
 * runtime sends the same events): adds the pinyin of their names to the directory's search text.
 */
export const indexUserNames = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('user-search', event.Records, onUserNamed);
};

export const handler = background('index-user-names', indexUserNames);
