import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onCustomerTransferred } from '#lib/pipeline/consumers.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of customer items (lib/jobs.ts `deal-transfers`; the
 * local runtime sends the same events): a transferred customer's open deals follow it to its new
 * owner. Other changes of customers pass through untouched. A record that fails is reported back
 * and delivered again; the move resumes.
 */
export const customerTransferred = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('deal-transfers', event.Records, onCustomerTransferred);
};

export const handler = background('customer-transferred', customerTransferred);
