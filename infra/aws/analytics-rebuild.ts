/**
 * Recomputes one tenant's analytics aggregates from its customers, follow-ups and deals
 * (lib/analytics/rebuild.ts). Run it while the tenant is quiet.
 *
 *   npm run analytics:rebuild -- --tenant <tenantId> --table-name <table> [--region cn-north-1]
 *   npm run analytics:rebuild -- --tenant <tenantId> --endpoint http://127.0.0.1:8000 --table-name crm-local
 *
 * TABLE_NAME, AWS_REGION and DYNAMODB_ENDPOINT may be given as environment variables instead.
 */
import { parseArgs } from 'node:util';
import { useTable } from './operator-env.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    tenant: { type: 'string' },
    'table-name': { type: 'string', default: process.env.TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'cn-north-1' },
    endpoint: { type: 'string', default: process.env.DYNAMODB_ENDPOINT },
  },
});
if (!values.tenant || !values['table-name']) {
  console.error(
    'Usage: npm run analytics:rebuild -- --tenant <tenantId> --table-name <table> [--endpoint <url>]',
  );
  process.exit(2);
}
useTable(values['table-name'], values.region, values.endpoint);
const { rebuildAggregates } = await import('#lib/analytics/rebuild.ts');
const result = await rebuildAggregates(values.tenant);
console.log(
  `Rebuilt the aggregates of ${values.tenant}: ${result.customers} customers, ${result.counters} counters.`,
);
