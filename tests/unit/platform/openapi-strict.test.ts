import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { RouteSpec } from '#lib/http/route.ts';
import { type OpenApiDocument, openApiDocument } from '#lib/openapi.ts';
import { routes } from '#lib/routes.ts';
import { Cursor, Email } from '#lib/schemas.ts';

/** The document is as strict as the server: what the server refuses, the document says it refuses. */
const doc = openApiDocument() as OpenApiDocument & { paths: Record<string, Record<string, any>> };
const entries = Object.entries(routes as Record<string, RouteSpec>).map(([key, spec]) => {
  const [method = '', path = ''] = key.split(' ');
  return { key, spec, op: doc.paths[path]?.[method.toLowerCase()] as Record<string, any> };
});
const header = (op: Record<string, any>, name: string) =>
  (op.parameters ?? []).find((p: { in: string; name: string }) => p.in === 'header' && p.name === name);

describe('the OpenAPI document is as strict as the server', () => {
  it('declares If-Match on every route whose handler reads it, required when it is not optional', () => {
    for (const { key, spec, op } of entries) {
      const source = readFileSync(spec.handler, 'utf8');
      const reads = source.includes('expectedVersion(') || source.includes("'if-match'");
      const optional = /headers\['if-match'\]\s*\?/.test(source);
      const declared = header(op, 'If-Match');
      expect(Boolean(declared), key).toBe(reads);
      if (declared) expect(declared.required, key).toBe(!optional);
    }
  });

  it('gives If-Match and Idempotency-Key the patterns the server checks', () => {
    const patch = entries.find((e) => e.key === 'PATCH /v1/customers/{id}')?.op ?? {};
    const post = entries.find((e) => e.key === 'POST /v1/customers')?.op ?? {};
    const etag = new RegExp(header(patch, 'If-Match').schema.pattern);
    const idem = new RegExp(header(post, 'Idempotency-Key').schema.pattern);

    expect(['"3"', 'W/"12"'].map((v) => etag.test(v))).toEqual([true, true]);
    expect(['3', '"x"', '*'].map((v) => etag.test(v))).toEqual([false, false, false]);
    expect([crypto.randomUUID(), 'a b', 'x'.repeat(256)].map((v) => idem.test(v))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('documents minProperties 1 on every edit that refuses an empty body', () => {
    for (const { key, spec, op } of entries) {
      if (!key.startsWith('PATCH') || !spec.request?.body) continue;
      let schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema?.$ref)
        schema = (doc.components?.schemas as Record<string, any>)?.[schema.$ref.split('/').pop()];
      const refusesEmpty = !z.safeParse(spec.request.body as z.ZodMiniType, {}).success;
      if (refusesEmpty && !schema.required?.length) expect(schema.minProperties, key).toBe(1);
    }
  });

  it('documents boolean query flags as "true" | "false", never a free string', () => {
    const flags = entries.flatMap(({ key, op }) =>
      (op.parameters ?? [])
        .filter((p: any) => p.in === 'query' && ['includeDisabled', 'unread', 'enabled'].includes(p.name))
        .map((p: any) => [key, p.name, p.schema.enum]),
    );

    expect(flags.length).toBeGreaterThan(0);
    for (const [key, name, values] of flags) expect(values, `${key} ${name}`).toEqual(['true', 'false']);
  });

  it('refuses an e-mail domain label that ends or starts with a hyphen', () => {
    expect(z.safeParse(Email, 'a@b-.cn').success).toBe(false);
    expect(z.safeParse(Email, 'a@-b.cn').success).toBe(false);
    expect(z.safeParse(Email, 'zhang.san@mail.example.cn').success).toBe(true);
  });

  it('takes only cursors this API issues (base64url), so the longest still fits a request line', () => {
    expect(z.safeParse(Cursor, 'eyJrIjp7fX0').success).toBe(true);
    expect(z.safeParse(Cursor, '游标'.repeat(10)).success).toBe(false);
    expect(z.safeParse(Cursor, 'a'.repeat(2049)).success).toBe(false);
  });
});
