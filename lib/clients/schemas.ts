import * as z from 'zod/mini';
import { PermissionCode } from '../org/schemas.ts';
import { Id, Name } from '../schemas.ts';

export const CreateApiClientBody = z.strictObject({
  name: Name,
  /** What the client may do: a subset of the creator's own permissions. */
  permissions: z.array(PermissionCode).check(z.minLength(1), z.maxLength(50)),
});
export type CreateApiClientInput = z.output<typeof CreateApiClientBody>;

export const ApiClient = z.object({
  id: Id,
  name: z.string(),
  /** The OAuth client id to ask the token endpoint with (client-credentials grant). */
  clientId: z.string(),
  permissions: z.array(z.string()),
  createdAt: z.string(),
  createdBy: Id,
});
export type ApiClient = z.infer<typeof ApiClient>;
export const ApiClientList = z.object({ items: z.array(ApiClient), nextCursor: z.nullable(z.string()) });

/** The client secret, shown once. */
export const ApiClientCreated = z.extend(ApiClient, {
  clientSecret: z.string(),
  /** The scopes to ask for: one per permission, under the API's resource server. */
  scopes: z.array(z.string()),
});
