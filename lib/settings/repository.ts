import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { settingsKey } from '../db/keys.ts';
import { NotFound } from '../http/errors.ts';
import type { Settings } from './schemas.ts';

export const settingsItem = (tenantId: string, settings: Settings) => ({
  ...settingsKey(tenantId),
  type: 'settings',
  ...settings,
});

export async function getSettings(tenantId: string): Promise<Settings> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: settingsKey(tenantId) }));
  if (!out.Item) throw new NotFound('tenant');
  const { pk: _pk, sk: _sk, type: _type, ...settings } = out.Item;
  return settings as Settings;
}
