import { importCustomers as importSheet } from '#lib/customers/import.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const importCustomers = async (req: Req<'POST /v1/customers/import'>) =>
  ok(
    await importSheet(req.auth, {
      into: req.query.into,
      bytes: req.rawBody,
      contentType: req.contentType,
      idempotencyKey: req.headers['idempotency-key'],
    }),
  );

export const handler = http('POST /v1/customers/import', importCustomers);
