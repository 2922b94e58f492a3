import { exportOrQueue } from '#lib/background/export-job.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { accepted, ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'GET /v1/customers/export');

export const exportCustomers = async (req: Req<typeof endpoint>) => {
  const answer = await exportOrQueue(req.auth, req.query);
  if ('jobId' in answer) return accepted({ jobId: answer.jobId }, `/v1/jobs/${answer.jobId}`);
  const { file } = answer;
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
