import { importCustomers as importSheet } from '#lib/customers/import.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/import');

export const importCustomers = async (req: Req<typeof endpoint>) =>
  ok(
    await importSheet(req.auth, {
      into: req.query.into,
      bytes: req.rawBody,
      contentType: req.contentType,
      idempotencyKey: req.headers['idempotency-key'],
    }),
  );

export const handler = http(endpoint, importCustomers);
