import * as z from 'zod/mini';
import './zod-locale.ts';

/** Building blocks shared by every context's schemas. */

export const Id = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be an id issued by this API'));

export const Limit = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20);
export const Cursor = z.optional(z.string().check(z.maxLength(2048)));
export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();

export const IdParams = z.strictObject({ id: Id });

export const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
export const Email = z.email().check(z.maxLength(254));
