import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as background from './schemas.ts';

/** The background jobs' HTTP routes (data only); lib/routes.ts assembles every context's. */
export const backgroundRoutes = {
  'GET /v1/jobs/{id}': {
    summary:
      'A background job you started (a large import or export): status, processed/total, and the row report or the file once done',
    tag: 'Jobs',
    handler: 'functions/background/get-job.ts',
    access: 'read',
    // Signs the export's download URL.
    files: ['get'],
    request: { params: IdParams },
    response: { status: 200, body: background.Job },
  },
} as const satisfies RouteTable;
