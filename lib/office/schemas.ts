import * as z from 'zod/mini';
import { Id } from '../schemas.ts';

/** Building blocks the office features share. */

export const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Distinct user ids, at most `max`. */
export const UserIds = (max: number) =>
  z.pipe(
    z.array(Id).check(z.maxLength(max)),
    z.transform((ids) => [...new Set(ids)]),
  );

export const Comment = z.object({
  id: Id,
  authorId: Id,
  authorName: z.string(),
  content: z.string(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentBody = z.strictObject({ content: Text(2000) });
