// Background jobs (lib/background): a large import or export run by a worker, not in the request.

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * A job is one item collection: the job at `JOB` (status, cursor, processed/total; its changes drive
 * the worker through the table's stream), the uploaded file in `PART#<nnn>` items (DynamoDB takes
 * 400 KB an item), each chunk's per-row outcomes at `CHUNK#<nnnnn>` (written in the transaction that
 * advances the cursor past the chunk) and the final report at `REPORT`. Read by id only: a job is
 * shown to the user who started it, so no list index.
 */

const jobPk = (tenantId: string, jobId: string) => `${t(tenantId)}${SEP}JOB${SEP}${jobId}`;

export const backgroundJobKey = (tenantId: string, jobId: string): Key => ({
  pk: jobPk(tenantId, jobId),
  sk: 'JOB',
});
export const backgroundJobPartKey = (tenantId: string, jobId: string, part: number): Key => ({
  pk: jobPk(tenantId, jobId),
  sk: `PART${SEP}${String(part).padStart(3, '0')}`,
});
export const backgroundJobPartsPrefix = (tenantId: string, jobId: string) => ({
  pk: jobPk(tenantId, jobId),
  skPrefix: `PART${SEP}`,
});
export const backgroundJobChunkKey = (tenantId: string, jobId: string, chunk: number): Key => ({
  pk: jobPk(tenantId, jobId),
  sk: `CHUNK${SEP}${String(chunk).padStart(5, '0')}`,
});
export const backgroundJobChunksPrefix = (tenantId: string, jobId: string) => ({
  pk: jobPk(tenantId, jobId),
  skPrefix: `CHUNK${SEP}`,
});
export const backgroundJobReportKey = (tenantId: string, jobId: string): Key => ({
  pk: jobPk(tenantId, jobId),
  sk: 'REPORT',
});
