import * as analytics from '#lib/analytics/service.ts';
import { http, type Req } from '#lib/http/http.ts';
import { ok } from '#lib/http/respond.ts';

export const getRankings = async (req: Req<'GET /v1/analytics/rankings'>) =>
  ok(await analytics.rankings(req.auth, req.query));

export const handler = http('GET /v1/analytics/rankings', getRankings);
