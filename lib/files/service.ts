import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { loadVisibleCustomer } from '../customers/service.ts';
import { attachmentObjectKey } from '../db/keys.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Conflict, Forbidden, NotFound } from '../http/errors.ts';
import * as repo from './repository.ts';
import {
  ALLOWED_TYPES,
  contentDisposition,
  DOWNLOAD_URL_SECONDS,
  fits,
  keyName,
  PENDING_TTL_SECONDS,
  quotaExceeded,
  UPLOAD_URL_SECONDS,
  uploadProblems,
  uploadRejected,
} from './rules.ts';
import type { Attachment, CreateAttachmentInput } from './schemas.ts';
import * as storage from './storage.ts';
import { assertVisibleTarget } from './targets.ts';

/**
 * Attachments (附件, 相关文档): an upload is announced (POST /v1/attachments: a pending attachment and
 * a presigned PUT), sent by the client straight to S3, and confirmed (POST .../complete) once the
 * object is checked; only then does it count against the tenant's quota and show with its target.
 */

const addSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/** Announces an upload: a pending attachment (expires unless confirmed) and the URL to send it to. */
export async function createAttachment(auth: Auth, input: CreateAttachmentInput) {
  if (!ALLOWED_TYPES.has(input.contentType))
    throw new BadRequest('This type of file is not accepted.', [
      { path: 'body.contentType', code: 'type_not_allowed', message: `Not allowed: ${input.contentType}` },
    ]);
  await assertVisibleTarget(auth, input.target);
  // An early answer only: the counter's condition at completion is what holds the quota.
  const quota = await repo.getQuota(auth.tenantId);
  if (!fits(quota, input.size)) throw quotaExceeded(quota);

  const at = now();
  const id = ulid(at.getTime());
  const record: repo.AttachmentRecord = {
    id,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    target: input.target,
    state: 'pending',
    uploadedBy: auth.userId,
    uploadedByName: auth.userName,
    createdAt: at.toISOString(),
    readyAt: null,
    objectKey: attachmentObjectKey(auth.tenantId, id, keyName(input.fileName)),
  };
  await repo.putPending(auth.tenantId, record, Math.floor(at.getTime() / 1000) + PENDING_TTL_SECONDS);
  const upload = await storage.presignUpload(
    record.objectKey,
    record.contentType,
    record.size,
    UPLOAD_URL_SECONDS,
  );
  return {
    id,
    upload: { url: upload.url, method: 'PUT' as const, headers: upload.headers },
    expiresAt: addSeconds(at, UPLOAD_URL_SECONDS).toISOString(),
  };
}

/** The attachment behind an id from a path, if the caller sees its target (404 otherwise). */
async function loadAttachment(auth: Auth, id: string): Promise<repo.AttachmentRecord> {
  const target = await repo.getTarget(auth.tenantId, id);
  if (!target) throw new NotFound('attachment');
  try {
    await assertVisibleTarget(auth, target);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('attachment');
    throw error;
  }
  const a = await repo.getAttachment(auth.tenantId, target, id);
  if (!a) throw new NotFound('attachment');
  return a;
}

const mayChange = (auth: Auth, a: Attachment) => a.uploadedBy === auth.userId || auth.isAdmin;

/**
 * Confirms an upload: the object must be there, of the announced size and type (otherwise it is
 * deleted with the attachment, 422), and fit the quota (otherwise likewise, 409). Confirming a
 * ready attachment again answers it as it is.
 */
export async function completeAttachment(auth: Auth, id: string): Promise<Attachment> {
  const a = await loadAttachment(auth, id);
  if (a.uploadedBy !== auth.userId)
    throw new Forbidden('Only the uploader confirms an upload.', 'not_uploader');
  if (a.state === 'ready') return repo.publicAttachment(a);

  const found = await storage.inspect(a.objectKey);
  if (!found)
    throw new Conflict('upload_missing', 'Nothing was uploaded yet: send the file to the upload URL first.');
  const discard = async () => {
    await storage.remove(a.objectKey);
    await repo.removeAttachment(auth.tenantId, a);
  };
  const problems = uploadProblems(a, found);
  if (problems.length > 0) {
    await discard();
    throw uploadRejected(problems);
  }
  const readyAt = now().toISOString();
  // Tagged first: should the confirmation then fail, the object is deleted below, never left tagged
  // ready without its attachment.
  await storage.markReady(a.objectKey);
  try {
    await repo.confirm(auth.tenantId, a, readyAt, await repo.getQuota(auth.tenantId));
  } catch (error) {
    if (error instanceof Conflict && error.code === 'not_pending') {
      // A concurrent confirmation of the same upload won: answer what it made.
      return repo.publicAttachment(await loadAttachment(auth, id));
    }
    await discard();
    throw error;
  }
  return repo.publicAttachment({ ...a, state: 'ready', readyAt });
}

/** The attachment with a short-lived download URL (ready ones only). */
export async function getAttachment(auth: Auth, id: string) {
  const a = await loadAttachment(auth, id);
  const download =
    a.state === 'ready'
      ? {
          url: await storage.presignDownload(
            a.objectKey,
            contentDisposition(a.fileName),
            DOWNLOAD_URL_SECONDS,
          ),
          expiresAt: addSeconds(now(), DOWNLOAD_URL_SECONDS).toISOString(),
        }
      : null;
  return { ...repo.publicAttachment(a), download };
}

/** Deletes an attachment and its object: its uploader or an administrator. */
export async function deleteAttachment(auth: Auth, id: string): Promise<void> {
  const a = await loadAttachment(auth, id);
  if (!mayChange(auth, a))
    throw new Forbidden('Only the uploader or an administrator deletes an attachment.', 'not_uploader');
  await repo.removeAttachment(auth.tenantId, a);
  // After the items: a failure here leaves an object nothing names (a cost), never an attachment
  // whose file is gone.
  await storage.remove(a.objectKey);
}

/** A customer's documents (相关文档), for whoever sees the customer. */
export async function listCustomerAttachments(
  auth: Auth,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
) {
  const c = await loadVisibleCustomer(auth, customerId);
  return repo.listAttachments(auth.tenantId, { kind: 'customer', id: c.id }, page);
}
