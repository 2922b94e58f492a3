import { createHash, createHmac } from 'node:crypto';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  inspect,
  markReady,
  objectUrl,
  presignDownload,
  presignUpload,
  READY_TAGGING,
  remove,
} from '#lib/files/storage.ts';

/*
 * lib/files/storage.ts signs S3 calls with aws4fetch. What S3 will check is held here: the URL of
 * each object (regional, China, path style, keys encoded once per segment), and each signature
 * against the AWS SDK's own signer for the same request. s3rver (the integration tests) does not
 * verify SigV4 signatures, so this is where a wrong one would show.
 */

describe('objectUrl', () => {
  const at = (bucket: string, region: string, key: string, endpoint?: string) =>
    objectUrl({ bucket, region, endpoint }, key).toString();

  it('is virtual-hosted on the regional endpoint in AWS', () => {
    expect(at('crm-files', 'ap-southeast-1', 't1/01J/a.pdf')).toBe(
      'https://crm-files.s3.ap-southeast-1.amazonaws.com/t1/01J/a.pdf',
    );
    expect(at('crm-files', 'us-east-1', 't1/01J/a.pdf')).toBe(
      'https://crm-files.s3.us-east-1.amazonaws.com/t1/01J/a.pdf',
    );
  });

  it('is under amazonaws.com.cn in the China regions', () => {
    expect(at('crm-files', 'cn-north-1', 't1/01J/a.pdf')).toBe(
      'https://crm-files.s3.cn-north-1.amazonaws.com.cn/t1/01J/a.pdf',
    );
    expect(at('crm-files', 'cn-northwest-1', 't1/01J/a.pdf')).toBe(
      'https://crm-files.s3.cn-northwest-1.amazonaws.com.cn/t1/01J/a.pdf',
    );
  });

  it('puts a bucket whose name has dots in the path (its host would not match the certificate)', () => {
    expect(at('files.example.com', 'eu-west-1', 't1/a.pdf')).toBe(
      'https://s3.eu-west-1.amazonaws.com/files.example.com/t1/a.pdf',
    );
  });

  it('is path style on a local endpoint, with or without a trailing slash', () => {
    expect(at('crm-local-files', 'cn-north-1', 't1/01J/a.pdf', 'http://127.0.0.1:4569')).toBe(
      'http://127.0.0.1:4569/crm-local-files/t1/01J/a.pdf',
    );
    expect(at('crm-local-files', 'cn-north-1', 't1/a.pdf', 'http://localhost:4569/')).toBe(
      'http://localhost:4569/crm-local-files/t1/a.pdf',
    );
  });

  it('percent-encodes each key segment once, keeping only A-Z a-z 0-9 - . _ ~ and the slashes', () => {
    expect(at('b-1', 'ap-southeast-1', "t1/x/a b+c(1)!'*~_-.pdf")).toBe(
      'https://b-1.s3.ap-southeast-1.amazonaws.com/t1/x/a%20b%2Bc%281%29%21%27%2A~_-.pdf',
    );
    expect(at('b-1', 'ap-southeast-1', 't1/x/报价单 100%.pdf')).toBe(
      'https://b-1.s3.ap-southeast-1.amazonaws.com/t1/x/%E6%8A%A5%E4%BB%B7%E5%8D%95%20100%25.pdf',
    );
    expect(at('b-1', 'ap-southeast-1', 't1/x/a?b#c&d=e.pdf')).toBe(
      'https://b-1.s3.ap-southeast-1.amazonaws.com/t1/x/a%3Fb%23c%26d%3De.pdf',
    );
  });

  it('refuses a key that a URL cannot address (a "." or ".." segment)', () => {
    expect(() => at('b-1', 'ap-southeast-1', 't1/../t2/a.pdf')).toThrow(/"\.\."/);
    expect(() => at('b-1', 'ap-southeast-1', 't1/./a.pdf')).toThrow();
  });
});

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/** The SDK signer's hash, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const REGION = 'cn-north-1';
const BUCKET = 'crm-files-test';
const HOST = `${BUCKET}.s3.${REGION}.amazonaws.com.cn`;
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+with=chars',
};
const SIGNED_AT = new Date('2026-12-07T05:43:21Z');
/** A key with characters S3's canonical URI encodes, and the path S3 reads it from. */
const KEY = "01TENANT/01ATTACHMENT/a b+(1)!'~.pdf";
const PATH = '/01TENANT/01ATTACHMENT/a%20b%2B%281%29%21%27~.pdf';

beforeAll(() => {
  vi.stubEnv('TABLE_NAME', 'crm-test');
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('FILES_BUCKET', BUCKET);
  vi.stubEnv('S3_ENDPOINT', undefined);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(SIGNED_AT);
});
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** What the AWS SDK's S3 presigner signs for the same request: headers left as headers, unsigned payload. */
async function sdkPresigned(
  method: string,
  expiresIn: number,
  headers: Record<string, string> = {},
  query: Record<string, string> = {},
) {
  const presigner = new S3RequestPresigner({ credentials: CREDENTIALS, region: REGION, sha256: Sha256 });
  const signed = await presigner.presign(
    { method, protocol: 'https:', hostname: HOST, path: PATH, query, headers: { ...headers, host: HOST } },
    {
      signingDate: SIGNED_AT,
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
      unhoistableHeaders: new Set(['x-amz-tagging', 'x-amz-content-sha256']),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  return signed.query as Record<string, string>;
}

describe('presigned URLs', () => {
  it('upload: content-type, content-length and the pending tag signed as headers, as the SDK signs them', async () => {
    const { url, headers } = await presignUpload(KEY, 'application/pdf', 4096, 900);
    expect(headers).toEqual({
      'content-type': 'application/pdf',
      'content-length': '4096',
      'x-amz-tagging': 'state=pending',
    });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`https://${HOST}${PATH}`);
    expect(u.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-tagging');
    expect(u.searchParams.get('x-amz-tagging')).toBeNull();
    expect(u.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(u.searchParams.get('X-Amz-Security-Token')).toBe(CREDENTIALS.sessionToken);
    expect(u.searchParams.get('X-Amz-Credential')).toBe(
      `${CREDENTIALS.accessKeyId}/20261207/${REGION}/s3/aws4_request`,
    );
    const sdk = await sdkPresigned('PUT', 900, headers);
    expect(Object.fromEntries(u.searchParams)).toEqual(sdk);
  });

  it('download: response-content-disposition signed in the query, as the SDK signs it, %20 never +', async () => {
    const disposition = `attachment; filename="a_b_1_.pdf"; filename*=UTF-8''${encodeURIComponent("a b+(1)!'.pdf")}`;
    const url = await presignDownload(KEY, disposition, 300);
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(`https://${HOST}${PATH}`);
    expect(u.searchParams.get('response-content-disposition')).toBe(disposition);
    expect(u.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(u.search).not.toContain('+');
    expect(u.search).toContain('attachment%3B%20filename%3D%22a_b_1_.pdf%22');
    const sdk = await sdkPresigned('GET', 300, {}, { 'response-content-disposition': disposition });
    expect(Object.fromEntries(u.searchParams)).toEqual(sdk);
  });

  it('refuses a lifetime S3 would refuse', async () => {
    await expect(presignDownload(KEY, 'attachment', 8 * 24 * 3600)).rejects.toThrow(/seconds/);
  });
});

describe('calls signed in headers', () => {
  const sent: Request[] = [];
  let answer: () => Response = () => new Response(null, { status: 200 });
  beforeAll(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        sent.push(request);
        return answer();
      }),
    );
  });
  afterEach(() => {
    sent.length = 0;
    answer = () => new Response(null, { status: 200 });
  });
  afterAll(() => vi.unstubAllGlobals());

  /** The Authorization the AWS SDK's signer computes for the request as it was sent. */
  async function sdkAuthorization(request: Request, query: Record<string, string> = {}) {
    const signer = new SignatureV4({
      service: 's3',
      region: REGION,
      credentials: CREDENTIALS,
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const headers: Record<string, string> = { host: HOST };
    for (const [name, value] of request.headers) if (name !== 'authorization') headers[name] = value;
    const signed = await signer.sign(
      { method: request.method, protocol: 'https:', hostname: HOST, path: PATH, query, headers },
      { signingDate: SIGNED_AT, unsignableHeaders: new Set(['content-type']) },
    );
    return signed.headers.authorization;
  }

  it('inspect: a HEAD whose signature is the SDK’s, reading size and type', async () => {
    answer = () =>
      new Response(null, {
        status: 200,
        headers: { 'content-length': '4096', 'content-type': 'application/pdf' },
      });
    expect(await inspect(KEY)).toEqual({ size: 4096, contentType: 'application/pdf' });
    const [request] = sent as [Request];
    expect(request.method).toBe('HEAD');
    expect(request.url).toBe(`https://${HOST}${PATH}`);
    expect(request.headers.get('x-amz-security-token')).toBe(CREDENTIALS.sessionToken);
    expect(request.headers.get('authorization')).toBe(await sdkAuthorization(request));
  });

  it('inspect: undefined on 404, throws on anything else with what went wrong', async () => {
    answer = () => new Response(null, { status: 404 });
    expect(await inspect(KEY)).toBeUndefined();
    answer = () => new Response(null, { status: 403, headers: { 'x-amz-request-id': 'REQ123' } });
    await expect(inspect(KEY)).rejects.toThrow(/HEAD s3:\/\/crm-files-test\/01TENANT.* failed: 403 .*REQ123/);
  });

  it('markReady: PutObjectTagging state=ready, with Content-MD5 and its payload signed', async () => {
    await markReady(KEY);
    const [request] = sent as [Request];
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(`https://${HOST}${PATH}?tagging=`);
    const body = await request.text();
    expect(body).toBe(READY_TAGGING);
    expect(body).toContain('<Tag><Key>state</Key><Value>ready</Value></Tag>');
    expect(request.headers.get('content-md5')).toBe(createHash('md5').update(body).digest('base64'));
    expect(request.headers.get('x-amz-content-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(request.headers.get('authorization')).toBe(await sdkAuthorization(request, { tagging: '' }));
  });

  it('remove: a DELETE whose signature is the SDK’s; an S3 error throws with its code and message', async () => {
    answer = () => new Response(null, { status: 204 });
    await remove(KEY);
    const [request] = sent as [Request];
    expect(request.method).toBe('DELETE');
    expect(request.headers.get('authorization')).toBe(await sdkAuthorization(request));

    answer = () =>
      new Response('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', {
        status: 403,
      });
    await expect(remove(KEY)).rejects.toThrow(/DELETE .* failed: 403 AccessDenied: Access Denied/);
  });

  it('tries a failure to connect again, then throws naming the call and the cause', async () => {
    let calls = 0;
    answer = () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return new Response(null, { status: 204 });
    };
    await remove(KEY);
    expect(sent).toHaveLength(2);
    answer = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    await expect(inspect(KEY)).rejects.toThrow(/HEAD s3:\/\/.* failed: fetch failed \(ECONNREFUSED\)/);
    expect(sent).toHaveLength(5);
  });

  it('retries a 503 twice, then throws', async () => {
    answer = () => new Response('<Error><Code>SlowDown</Code></Error>', { status: 503 });
    await expect(remove(KEY)).rejects.toThrow(/503 SlowDown/);
    expect(sent).toHaveLength(3);
  });
});
