import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';

export const createCustomer = async (req: Req<'POST /v1/customers'>) => {
  const { customer, contacts } = await customers.createCustomer(req.auth, req.body);
  return created({ ...customer, contacts }, `/v1/customers/${customer.id}`, customer.version);
};

export const handler = http('POST /v1/customers', createCustomer);
