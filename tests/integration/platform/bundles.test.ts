import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_OPTIONS } from '#infra/aws/build-options.ts';
import type { Event, Response } from '#lib/http/http.ts';
import { invoke } from '#tests/support/api.ts';
import { company } from '../pool/world.ts';

/**
 * What is deployed, not the sources: every other test imports the handlers' sources, while Lambda
 * runs bundles built with the deployment's options (minified ESM, modules dropped by package.json
 * `sideEffects`, every package inside, S3 signed by aws4fetch). These bundles answer real requests
 * against DynamoDB Local and the local S3 the way their sources do.
 */
const HANDLERS = {
  createCustomer: 'functions/customers/create-customer.ts',
  getCustomer: 'functions/customers/get-customer.ts',
  createFollowUp: 'functions/followups/create-followup.ts',
  releaseCustomer: 'functions/pool/release-customer.ts',
  createAttachment: 'functions/files/create-attachment.ts',
  completeAttachment: 'functions/files/complete-attachment.ts',
} as const;

type Handler = (event: Event, context: Context) => Promise<Response>;

const outdir = mkdtempSync(join(tmpdir(), 'crm-bundles-'));
let bundled: Record<keyof typeof HANDLERS, Handler>;

beforeAll(async () => {
  await build({
    ...BUILD_OPTIONS,
    entryPoints: Object.values(HANDLERS),
    outdir,
    sourcemap: false,
    logLevel: 'error',
  });
  const entries = await Promise.all(
    Object.entries(HANDLERS).map(async ([name, handler]) => {
      const file = join(outdir, handler.replace(/\.ts$/, ''), 'index.mjs');
      const module = (await import(pathToFileURL(file).href)) as { handler: Handler };
      return [name, module.handler] as const;
    }),
  );
  bundled = Object.fromEntries(entries) as typeof bundled;
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the deployed bundles', () => {
  it('create, read, follow up and release a customer, and upload a file to it', async () => {
    const { rep, reasonId } = await company();

    const created = await invoke('POST /v1/customers', bundled.createCustomer, {
      as: rep,
      body: { name: '打包验证有限公司', phone: '138 0013 8000' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const read = await invoke('GET /v1/customers/{id}', bundled.getCustomer, { as: rep, params: { id } });
    expect(read.status).toBe(200);
    // The phone went through libphonenumber and its bundled metadata.
    expect(read.body).toMatchObject({
      name: '打包验证有限公司',
      phone: '+8613800138000',
      ownerId: rep.userId,
    });

    const followUp = await invoke('POST /v1/customers/{id}/followups', bundled.createFollowUp, {
      as: rep,
      params: { id },
      body: { content: '电话沟通，需求明确' },
    });
    expect(followUp.status).toBe(201);

    const announced = await invoke('POST /v1/attachments', bundled.createAttachment, {
      as: rep,
      body: {
        fileName: '报价单.pdf',
        contentType: 'application/pdf',
        size: 5,
        target: { kind: 'customer', id },
      },
    });
    expect(announced.status).toBe(201);
    const { url, method, headers } = announced.body.upload;
    expect((await fetch(url, { method, headers, body: Buffer.from('%PDF-') })).status).toBe(200);
    const completed = await invoke('POST /v1/attachments/{id}/complete', bundled.completeAttachment, {
      as: rep,
      params: { id: announced.body.id },
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ state: 'ready', size: 5 });

    const released = await invoke('POST /v1/customers/{id}/release', bundled.releaseCustomer, {
      as: rep,
      params: { id },
      body: { reasonId },
    });
    expect(released.status).toBe(200);
  });

  it('refuse bad input with problem+json, as the sources do', async () => {
    const { rep } = await company();

    const res = await invoke('POST /v1/customers', bundled.createCustomer, { as: rep, body: { phone: 42 } });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.name', 'body.phone']),
    );
  });
});
