import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { handler as completeAttachment } from '#functions/files/complete-attachment.ts';
import { handler as createAttachment } from '#functions/files/create-attachment.ts';
import { handler as getAttachment } from '#functions/files/get-attachment.ts';
import { db, tableName } from '#lib/db/client.ts';
import { attachmentKey, storageQuotaKey } from '#lib/db/keys.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { create, type World, world } from '#tests/integration/customers/world.ts';

/** The local S3 as a test sees it around the API (to tamper with an upload, to check it is gone). */
const s3 = new S3Client({
  region: process.env.AWS_REGION ?? 'cn-north-1',
  endpoint: process.env.S3_ENDPOINT as string,
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const bucket = () => process.env.FILES_BUCKET as string;

export const announce = (as: Caller, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  invoke('POST /v1/attachments', createAttachment, { as, body, headers });

/** Announces a file for a target and sends its bytes through the presigned URL, as a browser would. */
export async function upload(
  as: Caller,
  target: { kind: string; id: string },
  bytes: Buffer,
  contentType = 'application/pdf',
  fileName = '报价单.pdf',
) {
  const res = await announce(as, { fileName, contentType, size: bytes.length, target });
  if (res.status !== 201) throw new Error(`announce failed: ${res.status} ${res.text}`);
  const { url, method, headers } = res.body.upload;
  const put = await fetch(url, { method, headers, body: bytes });
  if (!put.ok) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  return res.body.id as string;
}

export const complete = (as: Caller, id: string) =>
  invoke('POST /v1/attachments/{id}/complete', completeAttachment, { as, params: { id } });

export const read = (as: Caller, id: string) =>
  invoke('GET /v1/attachments/{id}', getAttachment, { as, params: { id } });

/** The attachment item as stored (its object key is not in the API). */
export async function stored(tenantId: string, target: { kind: string; id: string }, id: string) {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: attachmentKey(tenantId, target.kind, target.id, id) }),
  );
  return out.Item as Record<string, any> | undefined;
}

export async function quota(tenantId: string) {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: storageQuotaKey(tenantId) }));
  return { fileCount: out.Item?.fileCount ?? 0, bytes: out.Item?.bytes ?? 0 };
}

/** Writes an object straight to the bucket, past the presigned URL's conditions. */
export const overwrite = (key: string, body: Buffer, contentType: string) =>
  s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));

export async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** The object's tags as the local S3 keeps them (`state=ready` once confirmed). */
export async function tagsOf(key: string): Promise<Record<string, string>> {
  const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket(), Key: key }));
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key as string, t.Value as string]));
}
