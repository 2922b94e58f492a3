import * as z from 'zod';

/** Building blocks shared by every context's schemas. */

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Must be an id issued by this API');

export const Limit = z.coerce.number().int().min(1).max(100).default(20);
export const Cursor = z.string().max(2048).optional();
export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();

export const IdParams = z.strictObject({ id: Id });

export const Name = z.string().trim().min(1).max(200);
export const Email = z.email().max(254);
