import { importOrQueue } from '#lib/background/import-job.ts';
import { customerRoutes } from '#lib/customers/routes.ts';
import { http, type Req } from '#lib/http/http.ts';
import { accepted, ok } from '#lib/http/respond.ts';
import { route } from '#lib/http/route.ts';

const endpoint = route(customerRoutes, 'POST /v1/customers/import');

export const importCustomers = async (req: Req<typeof endpoint>) => {
  const answer = await importOrQueue(req.auth, {
    into: req.query.into,
    bytes: req.rawBody,
    contentType: req.contentType,
    idempotencyKey: req.headers['idempotency-key'],
  });
  return 'jobId' in answer
    ? accepted({ jobId: answer.jobId }, `/v1/jobs/${answer.jobId}`)
    : ok(answer.report);
};

export const handler = http(endpoint, importCustomers);
