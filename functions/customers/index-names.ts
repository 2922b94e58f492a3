import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { onNamed } from '#lib/customers/name-index.ts';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of customer and contact items (lib/jobs.ts
 * `name-search`; the local runtime sends the same events): indexes the pinyin of their names.
 */
export const indexNames = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('name-search', event.Records, onNamed);
};

export const handler = background('index-names', indexNames);
