import { exportCustomers as exportView } from '#lib/customers/export.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers/export');

export const exportCustomers = async (req: Req<typeof endpoint>) => {
  const file = await exportView(req.auth, req.query);
  return ok(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'x-export-rows': String(file.rows),
      ...(file.truncated ? { 'x-export-truncated': 'true' } : {}),
    },
  });
};

export const handler = http(endpoint, exportCustomers);
