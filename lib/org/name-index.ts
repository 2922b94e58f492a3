import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { db, tableName } from '../db/client.ts';
import { imagesOf } from '../db/stream.ts';
import { isConditionFailed } from '../db/write.ts';
import { searchText } from '../text.ts';

/**
 * The `user-search` stream consumer (lib/jobs.ts): the directory finds colleagues by the pinyin and
 * initials of their names too. A request stores the plain words (lib/search-words.ts); this adds the
 * readings, at the version read and without a new one (a user changed meanwhile is indexed when
 * that change's own record comes). Run twice, it finds the text in place and writes nothing.
 */
export async function onUserNamed(record: DynamoDBRecord): Promise<void> {
  const { after, tenantId } = imagesOf(record);
  if (after?.type !== 'user' || !tenantId) return;
  const search = searchText(after.name as string, after.phone as string | null, after.email as string | null);
  if (after.search === search) return;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: after.pk, sk: after.sk },
        UpdateExpression: 'SET #search = :search',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#search': 'search' },
        ExpressionAttributeValues: { ':search': search, ':v': after.version },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
