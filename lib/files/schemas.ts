import * as z from 'zod/mini';
import { Cursor, Id, Limit, pageOf } from '../schemas.ts';

/** The largest file an attachment may be (100 MB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** What an attachment may be attached to; lib/files/targets.ts says who sees each. */
export const TARGET_KINDS = [
  'customer',
  'contact',
  'followup',
  'worklog',
  'task',
  'approval',
  'contract',
  'checkin',
  'event',
] as const;
export const TargetKind = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKind>;

export const AttachmentTarget = z.strictObject({ kind: TargetKind, id: Id });
export type AttachmentTarget = z.infer<typeof AttachmentTarget>;

/** A file name as shown and downloaded: no path separators or control characters. */
const FileName = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(200),
  z.refine((name) => !/[/\\\p{Cc}]/u.test(name), 'No slashes or control characters'),
);

export const CreateAttachmentBody = z.strictObject({
  fileName: FileName,
  /** One of the allowed types (lib/files/rules.ts ALLOWED_TYPES), exactly as the upload will send it. */
  contentType: z.string().check(z.trim(), z.minLength(3), z.maxLength(100)),
  size: z.number().check(z.int(), z.gte(1), z.lte(MAX_FILE_BYTES)),
  target: AttachmentTarget,
});
export type CreateAttachmentInput = z.output<typeof CreateAttachmentBody>;

export const AttachmentState = z.enum(['pending', 'ready']);

export const Attachment = z.object({
  id: Id,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().check(z.int()),
  target: z.object({ kind: TargetKind, id: Id }),
  /** `pending` until the upload is confirmed (POST .../complete); unconfirmed uploads expire. */
  state: AttachmentState,
  uploadedBy: Id,
  uploadedByName: z.string(),
  createdAt: z.string(),
  readyAt: z.nullable(z.string()),
});
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentUpload = z.object({
  id: Id,
  /** Send the file's bytes with exactly these method and headers, before `expiresAt`. */
  upload: z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()) }),
  expiresAt: z.string(),
});

export const AttachmentWithDownload = z.extend(Attachment, {
  /** A short-lived URL to fetch the file (null while pending). */
  download: z.nullable(z.object({ url: z.string(), expiresAt: z.string() })),
});

export const AttachmentPage = pageOf(Attachment);
export const AttachmentListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
