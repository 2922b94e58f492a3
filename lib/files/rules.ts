import { Conflict, Unprocessable } from '../http/errors.ts';
import { MAX_FILE_BYTES } from './schemas.ts';

/** Pure decisions about attachments: what may be uploaded, whether an upload is what was announced, the quota. */

/** The types a CRM keeps (documents, sheets, slides, images, archives); anything else is refused. */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/zip',
  'text/plain',
  'text/csv',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
]);

/** How long an upload URL works, and how long an unconfirmed upload is kept before it expires. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const PENDING_TTL_SECONDS = 24 * 3600;
/** How long a download URL works. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** The per-tenant storage quota, unless the tenant's counter item carries other limits. */
export const DEFAULT_QUOTA = { maxFiles: 10_000, maxBytes: 10 * 1024 ** 3 };

export interface Quota {
  fileCount: number;
  bytes: number;
  maxFiles: number;
  maxBytes: number;
}

export const fits = (q: Quota, size: number) => q.fileCount + 1 <= q.maxFiles && q.bytes + size <= q.maxBytes;

export const quotaExceeded = (q: Pick<Quota, 'maxFiles' | 'maxBytes'>) =>
  new Conflict('quota_exceeded', 'The company’s file storage is full; delete files first.', {
    maxFiles: q.maxFiles,
    maxBytes: q.maxBytes,
  });

/**
 * What an uploaded object must be: the announced size and type, an allowed type, within the size
 * limit. The reasons it is not (empty when it is).
 */
export function uploadProblems(
  announced: { size: number; contentType: string },
  found: { size: number; contentType: string | undefined },
): string[] {
  const problems: string[] = [];
  if (found.size !== announced.size) problems.push(`size ${found.size} instead of ${announced.size}`);
  if (found.size > MAX_FILE_BYTES) problems.push(`larger than ${MAX_FILE_BYTES} bytes`);
  if (found.contentType !== announced.contentType)
    problems.push(`type ${found.contentType ?? 'none'} instead of ${announced.contentType}`);
  if (!ALLOWED_TYPES.has(found.contentType ?? '')) problems.push('a type that is not allowed');
  return problems;
}

export const uploadRejected = (problems: string[]) =>
  new Unprocessable('upload_rejected', `The uploaded file was refused and removed: ${problems.join('; ')}.`, {
    problems,
  });

/**
 * The file name in an object key and the ASCII fallback of a download's name: ASCII letters, digits,
 * `.`, `_` and `-` only (the real name is kept on the attachment and sent as `filename*`), so a key
 * never needs percent-encoding rules that servers disagree on.
 */
export function keyName(fileName: string): string {
  const ascii = fileName
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .slice(-120);
  return /[A-Za-z0-9]/.test(ascii) ? ascii : 'file';
}

/** The Content-Disposition of a download: the original name, RFC 6266 / 5987 encoded. */
export const contentDisposition = (fileName: string) =>
  `attachment; filename="${keyName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
