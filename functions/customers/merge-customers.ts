import { mergeCustomers as merge } from '#lib/customers/merge.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const mergeCustomers = async (req: Req<'POST /v1/customers/merge'>) => {
  const result = await merge(req.auth, req.body);
  return ok(result, { version: result.customer.version });
};

export const handler = http('POST /v1/customers/merge', mergeCustomers);
