import * as z from 'zod/mini';
import './zod-locale.ts';

/** Building blocks shared by every context's schemas. */

export const Id = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be an id issued by this API'));

export const Limit = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20);
/** The nextCursor of a list: base64url, so the longest fits any request line (no 431). */
export const Cursor = z.optional(
  z.string().check(z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+$/, 'Use the nextCursor of the same list')),
);
export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();

export const IdParams = z.strictObject({ id: Id });

export const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
/**
 * zod's address pattern, but a domain label may neither start nor end with a hyphen (`a@b-.cn` is
 * no address a mail server accepts).
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
export const Email = z.email({ pattern: EMAIL }).check(z.maxLength(254));

/** The answer of a request whose work went to a background job (lib/background): poll `GET /v1/jobs/{jobId}`. */
export const JobAccepted = z.object({ jobId: Id });
