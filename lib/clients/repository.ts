import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { stripKeys } from '../db/items.ts';
import { apiClientKey, apiClientLoginKey, apiClientsOf } from '../db/keys.ts';
import { type Page, queryPage } from '../db/query.ts';
import { commitSteps, deleteStep, NEW_ITEM, putStep } from '../db/write.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import type { ApiClient } from './schemas.ts';

/**
 * API clients: the tenant's item (its list) and the login item authentication reads by the OAuth
 * client id (lib/org/repository.ts getClientPrincipal), written and removed together.
 */

const login = (tenantId: string, c: ApiClient, secretHash?: string) => ({
  ...apiClientLoginKey(c.clientId),
  type: 'apiClientLogin',
  tenantId,
  id: c.id,
  name: c.name,
  permissions: c.permissions,
  ...(secretHash ? { secretHash } : {}),
});

export async function createClient(tenantId: string, c: ApiClient, secretHash?: string): Promise<void> {
  const taken = () => new Conflict('client_exists', 'This client id is taken.');
  await commitSteps(
    [
      putStep({ ...apiClientKey(tenantId, c.id), type: 'apiClient', ...c }, taken, NEW_ITEM),
      putStep(login(tenantId, c, secretHash), taken, NEW_ITEM),
    ],
    { exhausted: taken },
  );
}

export async function getClient(tenantId: string, id: string): Promise<ApiClient | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: apiClientKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? stripKeys<ApiClient>(out.Item) : undefined;
}

export async function listClients(
  tenantId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<ApiClient>> {
  const { pk, skPrefix } = apiClientsOf(tenantId);
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    limit: q.limit,
    cursor: q.cursor,
    fingerprint: 'api-clients',
  });
  return { items: page.items.map((i) => stripKeys<ApiClient>(i)), nextCursor: page.nextCursor };
}

export async function deleteClient(tenantId: string, c: ApiClient): Promise<void> {
  const gone = () => new NotFound('API client');
  const exists = { expression: 'attribute_exists(pk)' };
  await commitSteps(
    [deleteStep(apiClientKey(tenantId, c.id), gone, exists), deleteStep(apiClientLoginKey(c.clientId), gone)],
    { exhausted: gone },
  );
}

/** The stored secret hash of a local client (the local token endpoint's check). */
export async function localSecretHash(clientId: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: apiClientLoginKey(clientId) }));
  return typeof out.Item?.secretHash === 'string' ? out.Item.secretHash : undefined;
}
