import { customerRoutes } from '#lib/customers/routes.ts';
import * as customers from '#lib/customers/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { created } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers');

export const createCustomer = async (req: Req<typeof endpoint>) => {
  const { customer, contacts } = await customers.createCustomer(req.auth, req.body);
  return created({ ...customer, contacts }, `/v1/customers/${customer.id}`, customer.version);
};

export const handler = http(endpoint, createCustomer);
