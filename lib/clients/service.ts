import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, NotFound } from '../http/errors.ts';
import type { Permission } from '../org/permissions.ts';
import { directory, scopeOf } from './directory.ts';
import * as repo from './repository.ts';
import type { ApiClient, CreateApiClientInput } from './schemas.ts';

/**
 * Machine clients (an ERP, a BI tool): each acts as a service principal with a subset of its
 * creator's permissions, authenticated by the client-credentials grant. Audit fields and timelines
 * name it by its id, as they name users.
 */

export async function createClient(auth: Auth, input: CreateApiClientInput) {
  const permissions = [...new Set(input.permissions)];
  const missing = permissions.filter((p) => !can(auth, p as Permission));
  if (missing.length) {
    throw new BadRequest(
      'An API client can only be given permissions you hold.',
      missing.map((p) => ({
        path: `body.permissions.${input.permissions.indexOf(p)}`,
        code: 'permission_not_held',
        message: `You do not hold "${p}".`,
      })),
    );
  }
  const id = ulid();
  const issued = await directory().create({ tenantId: auth.tenantId, id, name: input.name, permissions });
  const client: ApiClient = {
    id,
    name: input.name,
    clientId: issued.clientId,
    permissions,
    createdAt: now().toISOString(),
    createdBy: auth.userId,
  };
  try {
    await repo.createClient(auth.tenantId, client, issued.secretHash);
  } catch (error) {
    // Nothing may sign in for a client the table does not know.
    await directory().remove(issued.clientId);
    throw error;
  }
  return { ...client, clientSecret: issued.clientSecret, scopes: permissions.map(scopeOf) };
}

export const listClients = (auth: Auth, q: { limit: number; cursor?: string | undefined }) =>
  repo.listClients(auth.tenantId, q);

export async function deleteClient(auth: Auth, id: string): Promise<void> {
  const found = await repo.getClient(auth.tenantId, id);
  if (!found) throw new NotFound('API client');
  await repo.deleteClient(auth.tenantId, found);
  await directory().remove(found.clientId);
}
