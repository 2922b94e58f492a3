import { exportCustomers as exportView } from '#lib/customers/export.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const exportCustomers = async (req: Req<'GET /v1/customers/export'>) => {
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

export const handler = http('GET /v1/customers/export', exportCustomers);
