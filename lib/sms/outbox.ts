import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '../clock.ts';
import { db, tableName } from '../db/client.ts';
import { smsOutboxKey } from '../db/keys.ts';
import { isConditionFailed } from '../db/write.ts';

export interface OutboxMessage {
  /** E.164 recipient. */
  phone: string;
  text: string;
  tenantId: string;
  /** The sender's id for this message: recording the same id twice keeps the first. */
  messageId: string;
}

/**
 * Where the SMS sender delivers when RUNTIME=local instead of publishing to SNS: the message is
 * stored for `GET /local/sms-outbox?phone=`. Recording is idempotent per messageId, like a send.
 */
export async function recordOutboxMessage(message: OutboxMessage): Promise<{ recorded: boolean }> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...smsOutboxKey(message.phone, message.messageId),
          type: 'smsOutbox',
          ...message,
          sentAt: now().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { recorded: true };
  } catch (error) {
    if (isConditionFailed(error)) return { recorded: false };
    throw error;
  }
}
