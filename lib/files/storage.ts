import { createHash } from 'node:crypto';
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { config, filesBucket } from '../config.ts';
import { awsCall } from '../tracing.ts';

/**
 * The attachments' bucket. Files never pass through Lambda: clients send and fetch the bytes with
 * presigned URLs; the functions only sign, check (HEAD), tag and delete objects. An upload carries
 * the tag `state=pending`, which the bucket's lifecycle rule expires; completion re-tags it `ready`.
 *
 * Five S3 calls do not need the AWS SDK's S3 client (~130 KB in each bundle with its checksums and
 * S3 middleware): aws4fetch signs them (SigV4, presigned or in headers) and fetch sends them.
 */

/** Where the bucket is: the bucket's regional endpoint in AWS, or a local S3 (s3rver), path style. */
export interface BucketLocation {
  bucket: string;
  region: string;
  /** A local S3's endpoint (S3_ENDPOINT); the bucket then goes into the path. */
  endpoint?: string | undefined;
}

/** S3's URI encoding of a key segment: everything but the unreserved characters (A-Z a-z 0-9 - . _ ~). */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The regional S3 host: the China partition (cn-north-1, cn-northwest-1) is under amazonaws.com.cn. */
const s3Host = (region: string) => `s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;

/**
 * The object's URL. Virtual-hosted style (https://bucket.s3.region.amazonaws.com/key), but path
 * style for a bucket whose name has dots (its host would not match S3's TLS certificate) and for a
 * local endpoint. Each key segment is percent-encoded once, as S3's SigV4 canonical URI has it.
 */
export function objectUrl(where: BucketLocation, key: string): URL {
  const segments = key.split('/');
  // fetch (WHATWG URL) would resolve them away, and address another object.
  if (segments.some((s) => s === '.' || s === '..'))
    throw new Error(`The object key ${JSON.stringify(key)} has a "." or ".." segment: no URL addresses it`);
  const path = segments.map(encodeSegment).join('/');
  if (where.endpoint) return new URL(`${where.endpoint.replace(/\/+$/, '')}/${where.bucket}/${path}`);
  const host = s3Host(where.region);
  return where.bucket.includes('.')
    ? new URL(`https://${host}/${where.bucket}/${path}`)
    : new URL(`https://${where.bucket}.${host}/${path}`);
}

const location = (): BucketLocation => {
  const { AWS_REGION, S3_ENDPOINT } = config();
  return { bucket: filesBucket(), region: AWS_REGION, endpoint: S3_ENDPOINT };
};

/**
 * Who signs: s3rver's fixed credentials locally; in AWS the function role's, which Lambda puts in
 * the environment. Read at each call, never kept, so they are always the environment's own.
 */
function credentials(): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  if (config().S3_ENDPOINT) return { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
    throw new Error(
      'No AWS credentials to sign S3 requests: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
    );
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  };
}

/** The derived signing keys (one per secret, day, region and service), reused across calls. */
const signingKeys = new Map<string, ArrayBuffer>();
const signing = () => {
  if (signingKeys.size > 8) signingKeys.clear();
  return { ...credentials(), service: 's3', region: location().region, cache: signingKeys };
};

/** The object's URL with the query of the call (a subresource such as `tagging`, response overrides). */
function requestUrl(key: string, query: Record<string, string> = {}): URL {
  const url = objectUrl(location(), key);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

/** The longest a SigV4 presigned URL may live (S3 refuses longer). */
const MAX_EXPIRES_IN = 7 * 24 * 3600;

/** The query of a signed URL re-encoded strictly (%20, never `+`), as the AWS SDK writes it; same signature. */
function strictQuery(url: URL): string {
  url.search = [...url.searchParams].map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
  return url.toString();
}

/** A presigned URL: the query carries the signature; the headers given are signed and must be sent. */
async function presign(
  method: 'GET' | 'PUT',
  key: string,
  expiresIn: number,
  extra: { headers?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<string> {
  if (!(Number.isInteger(expiresIn) && expiresIn > 0 && expiresIn <= MAX_EXPIRES_IN))
    throw new Error(`A presigned URL lives 1 to ${MAX_EXPIRES_IN} seconds, not ${expiresIn}`);
  const url = requestUrl(key, extra.query);
  url.searchParams.set('X-Amz-Expires', String(expiresIn));
  const signed = await new AwsV4Signer({
    ...signing(),
    method,
    url: url.toString(),
    headers: extra.headers ?? {},
    signQuery: true,
    // content-type and content-length are left unsigned unless every header is signed.
    allHeaders: true,
  }).sign();
  return strictQuery(signed.url);
}

/** Tries per call, as the AWS SDK's standard retry mode: after a 5xx, a 429 or a failure to connect. */
const ATTEMPTS = 3;
const retryable = (status: number) => status >= 500 || status === 429;

/** What fetch threw, with its cause (undici says only "fetch failed"; the cause has the code). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}

/** The S3 API operation of each call `send` makes, as X-Ray names it. */
const OPERATIONS = { HEAD: 'HeadObject', PUT: 'PutObjectTagging', DELETE: 'DeleteObject' } as const;

/** Sends a request signed in its headers, answering its status and headers; an S3 error throws. */
const send = (
  method: keyof typeof OPERATIONS,
  key: string,
  extra: { headers?: Record<string, string>; query?: Record<string, string>; body?: string } = {},
) =>
  awsCall(
    'S3',
    OPERATIONS[method],
    () => sendOnce(method, key, extra),
    (res) => res.status,
  );

async function sendOnce(
  method: keyof typeof OPERATIONS,
  key: string,
  extra: { headers?: Record<string, string>; query?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Headers }> {
  const url = requestUrl(key, extra.query);
  const call = `S3 ${method} s3://${location().bucket}/${key}${url.search ? ` (${url.search})` : ''}`;
  // One loop for every retry (aws4fetch's own, for 5xx and 429 only, is off). Every call here is
  // idempotent (the same tags, a delete, a read); each try is signed again.
  const client = new AwsClient({ ...signing(), retries: 0 });
  const init = {
    method,
    headers: extra.headers ?? {},
    ...(extra.body === undefined ? {} : { body: extra.body }),
  };
  let res: Response | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await client.fetch(url.toString(), init);
      if (!retryable(res.status) || attempt >= ATTEMPTS) break;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw new Error(`${call} failed: ${reason(error)}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
  const text = await res.text();
  if (res.ok || (method === 'HEAD' && res.status === 404))
    return { status: res.status, headers: res.headers };
  // S3's error document names the cause (HEAD has none); the request id finds it in S3's logs.
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const requestId = res.headers.get('x-amz-request-id');
  throw new Error(
    `${call} failed: ${res.status} ${code ?? res.statusText}` +
      `${message ? `: ${message}` : ''}${requestId ? ` [request id ${requestId}]` : ''}`,
  );
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
  const headers = {
    'content-type': contentType,
    'content-length': String(size),
    'x-amz-tagging': PENDING_TAG,
  };
  return { url: await presign('PUT', key, expiresIn, { headers }), headers };
}

/** A short-lived URL that downloads the object under its original name. */
export const presignDownload = (key: string, disposition: string, expiresIn: number) =>
  presign('GET', key, expiresIn, { query: { 'response-content-disposition': disposition } });

/** The object's size and type as stored, or undefined when nothing was uploaded. */
export async function inspect(
  key: string,
): Promise<{ size: number; contentType: string | undefined } | undefined> {
  const res = await send('HEAD', key);
  if (res.status === 404) return undefined;
  return {
    size: Number(res.headers.get('content-length') ?? 0),
    contentType: res.headers.get('content-type') ?? undefined,
  };
}

/** The tag set that takes an object off the expiry rule (PutObjectTagging replaces the whole set). */
export const READY_TAGGING =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>' +
  '<Tag><Key>state</Key><Value>ready</Value></Tag>' +
  '</TagSet></Tagging>';

/** Takes the object off the lifecycle rule that expires unconfirmed uploads. */
export async function markReady(key: string): Promise<void> {
  await send('PUT', key, {
    query: { tagging: '' },
    body: READY_TAGGING,
    headers: {
      'content-type': 'application/xml',
      // PutObjectTagging requires an integrity header; the payload is signed too.
      'content-md5': createHash('md5').update(READY_TAGGING).digest('base64'),
      'x-amz-content-sha256': createHash('sha256').update(READY_TAGGING).digest('hex'),
    },
  });
}

/** Deletes the object (nothing when it is gone already). */
export async function remove(key: string): Promise<void> {
  await send('DELETE', key);
}
