import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onContractApproval } from '#lib/pipeline/consumers.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of approval items (lib/jobs.ts `contract-approvals`;
 * the local runtime sends the same events): a contract waiting for approval becomes signed, draft
 * or rejected once its request is decided. Other approvals pass through untouched.
 */
export const contractApproval = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('contract-approvals', event.Records, onContractApproval);
};

export const handler = background('contract-approval', contractApproval);
