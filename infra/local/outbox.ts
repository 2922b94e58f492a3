import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { db, tableName } from '#lib/db/client.ts';
import { smsOutboxPrefix } from '#lib/db/keys.ts';

export interface OutboxEntry {
  messageId: string;
  phone: string;
  text: string;
  tenantId: string;
  sentAt: string;
}

/** Enough for a developer looking at one phone; the outbox is never a bulk export. */
const MAX_MESSAGES = 500;

/**
 * A phone as the SMS sender stores it (E.164, default region CN). A `+` typed into a query string
 * arrives as a space, so a bare run of digits is tried with it too.
 */
export function outboxPhone(input: string): string | undefined {
  const text = input.trim();
  const parsed =
    parsePhoneNumberFromString(text, 'CN') ??
    (/^\d+$/.test(text) ? parsePhoneNumberFromString(`+${text}`) : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** The messages "sent" to one phone, newest first: one Query on the phone's partition. */
export async function listOutbox(phone: string): Promise<OutboxEntry[]> {
  const { pk, skPrefix } = smsOutboxPrefix(phone);
  const items: OutboxEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
        ExclusiveStartKey: start,
        Limit: MAX_MESSAGES,
      }),
    );
    for (const item of out.Items ?? []) {
      items.push({
        messageId: String(item.messageId),
        phone: String(item.phone),
        text: String(item.text),
        tenantId: String(item.tenantId),
        sentAt: String(item.sentAt),
      });
    }
    start = out.LastEvaluatedKey;
  } while (start && items.length < MAX_MESSAGES);
  return items.sort((a, b) => b.sentAt.localeCompare(a.sentAt)).slice(0, MAX_MESSAGES);
}
