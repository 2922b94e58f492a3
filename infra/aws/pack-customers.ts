/**
 * The one-time backfill of packed customer records (lib/customers/pack-backfill.ts) on a table
 * written before they existed: run it after the writers that pack are deployed and before the
 * readers move to the indexes that project the packed record only (lib/db/README.md). Idempotent.
 *
 *   npm run migrate:pack-customers -- --tenant <tenantId> --table-name <table> [--region cn-north-1]
 *   npm run migrate:pack-customers -- --all --table-name <table>      (every tenant of the registry)
 *   npm run migrate:pack-customers -- --all --endpoint http://127.0.0.1:8000 --table-name crm-local
 *
 * TABLE_NAME, AWS_REGION and DYNAMODB_ENDPOINT may be given as environment variables instead.
 */
import { parseArgs } from 'node:util';
import { useTable } from './operator-env.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    tenant: { type: 'string' },
    all: { type: 'boolean', default: false },
    'table-name': { type: 'string', default: process.env.TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'cn-north-1' },
    endpoint: { type: 'string', default: process.env.DYNAMODB_ENDPOINT },
  },
});
if ((!values.tenant && !values.all) || !values['table-name']) {
  console.error(
    'Usage: npm run migrate:pack-customers -- (--tenant <tenantId> | --all) --table-name <table> [--endpoint <url>]',
  );
  process.exit(2);
}
useTable(values['table-name'], values.region, values.endpoint);
const { packTenantCustomers } = await import('#lib/customers/pack-backfill.ts');
const { tenantIds } = await import('#lib/followups/repository.ts');

async function* tenants(): AsyncGenerator<string> {
  if (values.tenant) yield values.tenant;
  else yield* tenantIds();
}

for await (const tenantId of tenants()) {
  const result = await packTenantCustomers(tenantId);
  console.log(
    `${tenantId}: ${result.customers} customers, ${result.packed} items packed, ${result.overtaken} saved meanwhile (packed by that save).`,
  );
}
