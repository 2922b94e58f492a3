import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspect, markReady, presignDownload, presignUpload, remove } from '#lib/files/storage.ts';
import { objectExists, tagsOf } from './world.ts';

/*
 * lib/files/storage.ts against the local S3 (s3rver), through the real signed URLs and requests.
 * s3rver does not verify SigV4 signatures (tests/unit/files/storage.test.ts compares them with the
 * AWS SDK's); here: the right object, its type and length kept, the ready tag, and the failures.
 */

/** A key under a fresh prefix, with characters a URL path must percent-encode. */
const keyWith = (name: string) => `storage-test-${randomBytes(6).toString('hex')}/01ID/${name}`;

async function put(key: string, bytes: Buffer, contentType = 'application/pdf') {
  const { url, headers } = await presignUpload(key, contentType, bytes.length, 900);
  const res = await fetch(url, { method: 'PUT', headers, body: bytes });
  expect(res.status, await res.text()).toBe(200);
}

describe('the bucket through lib/files/storage.ts', () => {
  it('stores, inspects, tags, downloads and removes an object whose key needs encoding', async () => {
    const key = keyWith("报价单 a+b (1)!'~.pdf");
    const bytes = randomBytes(1234);
    await put(key, bytes);

    expect(await objectExists(key)).toBe(true);
    expect(await inspect(key)).toEqual({ size: 1234, contentType: 'application/pdf' });
    // s3rver keeps no x-amz-tagging sent with a PUT (S3 does): the unit test checks it is signed and sent.

    await markReady(key);
    expect(await tagsOf(key)).toEqual({ state: 'ready' });

    const disposition = `attachment; filename="a_b.pdf"; filename*=UTF-8''${encodeURIComponent('报价单 a+b.pdf')}`;
    const download = await fetch(await presignDownload(key, disposition, 300));
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-disposition')).toBe(disposition);

    await remove(key);
    expect(await objectExists(key)).toBe(false);
    expect(await inspect(key)).toBeUndefined();
    await remove(key); // gone already: nothing
  });

  it('answers undefined for nothing uploaded; tagging a missing object throws with what S3 said', async () => {
    const key = keyWith('missing.pdf');
    expect(await inspect(key)).toBeUndefined();
    await expect(markReady(key)).rejects.toThrow(/PUT s3:\/\/.*missing\.pdf.* failed: 404 NoSuchKey/);
  });
});
