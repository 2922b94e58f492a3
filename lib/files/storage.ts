import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound as NoSuchKey,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config, filesBucket } from '../config.ts';

/**
 * The attachments' bucket. Files never pass through Lambda: clients send and fetch the bytes with
 * presigned URLs; the functions only sign, check (HEAD), tag and delete objects. An upload carries
 * the tag `state=pending`, which the bucket's lifecycle rule expires; completion re-tags it `ready`.
 */

let client: S3Client | undefined;

/** One client per process (Lambda container), created on first use. */
function s3(): S3Client {
  if (!client) {
    const { AWS_REGION, S3_ENDPOINT } = config();
    client = new S3Client({
      region: AWS_REGION,
      // A presigned PUT must not carry a checksum of an empty body (the SDK's default since 2025).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(S3_ENDPOINT
        ? {
            endpoint: S3_ENDPOINT,
            forcePathStyle: true,
            credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          }
        : {}),
    });
  }
  return client;
}

export const PENDING_TAG = 'state=pending';

/**
 * A URL that accepts exactly this object: its type and length are signed (S3 refuses another), and
 * so is the pending tag. The headers must be sent as given.
 */
export async function presignUpload(
  key: string,
  contentType: string,
  size: number,
  expiresIn: number,
): Promise<{ url: string; headers: Record<string, string> }> {
  const command = new PutObjectCommand({
    Bucket: filesBucket(),
    Key: key,
    ContentType: contentType,
    ContentLength: size,
    Tagging: PENDING_TAG,
  });
  const url = await getSignedUrl(s3(), command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
    unhoistableHeaders: new Set(['x-amz-tagging']),
  });
  return {
    url,
    headers: { 'content-type': contentType, 'content-length': String(size), 'x-amz-tagging': PENDING_TAG },
  };
}

/** A short-lived URL that downloads the object under its original name. */
export const presignDownload = (key: string, disposition: string, expiresIn: number) =>
  getSignedUrl(
    s3(),
    new GetObjectCommand({ Bucket: filesBucket(), Key: key, ResponseContentDisposition: disposition }),
    { expiresIn },
  );

/** The object's size and type as stored, or undefined when nothing was uploaded. */
export async function inspect(
  key: string,
): Promise<{ size: number; contentType: string | undefined } | undefined> {
  try {
    const out = await s3().send(new HeadObjectCommand({ Bucket: filesBucket(), Key: key }));
    return { size: out.ContentLength ?? 0, contentType: out.ContentType };
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
    throw error;
  }
}

/** Takes the object off the lifecycle rule that expires unconfirmed uploads. */
export async function markReady(key: string): Promise<void> {
  await s3().send(
    new PutObjectTaggingCommand({
      Bucket: filesBucket(),
      Key: key,
      Tagging: { TagSet: [{ Key: 'state', Value: 'ready' }] },
    }),
  );
}

/** Deletes the object (nothing when it is gone already). */
export async function remove(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: filesBucket(), Key: key }));
}
