import type { DynamoDBRecord } from 'aws-lambda';
import { imagesOf } from '../db/stream.ts';
import * as announcements from './announcements/repository.ts';
import { audienceOf } from './announcements/service.ts';

/**
 * The office's reactions to the table's stream (lib/jobs.ts). Each reads the current state of what
 * it projects and writes conditionally: a repeated or resumed delivery changes nothing twice.
 */

/**
 * `announcement-fanout`: a published or edited announcement reaches each user of its audience (a
 * copy in their inbox, an unread marker); a deleted one leaves every inbox.
 */
export async function onAnnouncementChanged(record: DynamoDBRecord): Promise<number> {
  const { before, after, tenantId } = imagesOf(record);
  const subject = after ?? before;
  if (!tenantId || subject?.type !== 'announcement') return 0;
  const id = subject.id as string;
  const current = await announcements.getAnnouncement(tenantId, id);
  if (!current) return announcements.clearRecipients(tenantId, id);
  const users = await audienceOf(tenantId, current.audience);
  for (const user of users) await announcements.deliver(tenantId, current, user);
  return users.length;
}
