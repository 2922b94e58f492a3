import * as z from 'zod/mini';
import { Cursor, Id, Instant, Limit, pageOf } from '../../schemas.ts';
import { Text, UserIds } from '../schemas.ts';

export const Audience = z
  .strictObject({
    all: z.optional(z.literal(true)),
    /** Roles with everyone below them. */
    roleIds: z.optional(UserIds(20)),
    userIds: z.optional(UserIds(200)),
  })
  .check(
    z.refine((a) => (a.all ? 1 : 0) + (a.roleIds?.length ? 1 : 0) + (a.userIds?.length ? 1 : 0) >= 1, {
      message: 'Address all, some roles or some users',
    }),
  );
export type Audience = z.output<typeof Audience>;

export const Announcement = z.object({
  id: Id,
  title: z.string(),
  content: z.string(),
  audience: z.object({
    all: z.optional(z.boolean()),
    roleIds: z.optional(z.array(Id)),
    userIds: z.optional(z.array(Id)),
  }),
  pinned: z.boolean(),
  validFrom: z.string(),
  validTo: z.nullable(z.string()),
  publisherId: Id,
  publisherName: z.string(),
  publishedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Announcement = z.infer<typeof Announcement>;
export const InboxEntry = z.extend(Announcement, { read: z.boolean(), readAt: z.nullable(z.string()) });
export const InboxPage = pageOf(InboxEntry);

export const CreateAnnouncementBody = z
  .strictObject({
    title: Text(200),
    content: Text(20_000),
    audience: Audience,
    pinned: z._default(z.boolean(), false),
    validFrom: z.optional(Instant),
    validTo: z.optional(Instant),
  })
  .check(
    z.refine((b) => !b.validFrom || !b.validTo || Date.parse(b.validFrom) < Date.parse(b.validTo), {
      path: ['validTo'],
      message: 'validTo must be after validFrom',
    }),
  );
export type CreateAnnouncementInput = z.output<typeof CreateAnnouncementBody>;

export const UpdateAnnouncementBody = z
  .strictObject({
    title: z.optional(Text(200)),
    content: z.optional(Text(20_000)),
    pinned: z.optional(z.boolean()),
    validFrom: z.optional(Instant),
    validTo: z.optional(z.nullable(Instant)),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateAnnouncementInput = z.output<typeof UpdateAnnouncementBody>;

export const InboxQuery = z.strictObject({
  unread: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => v === 'true'),
  ),
  limit: Limit,
  cursor: Cursor,
});

const Reader = z.object({ userId: Id, name: z.string(), readAt: z.nullable(z.string()) });
export const Reads = z.object({ read: z.array(Reader), unread: z.array(Reader) });
