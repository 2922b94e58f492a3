/**
 * The one-time backfill of packed customer records (lib/customers/pack-backfill.ts) on a table
 * written before they existed: run it after the writers that pack are deployed and before the
 * readers move to the indexes that project the packed record only (lib/db/README.md). Idempotent.
 *
 *   npm run migrate:pack-customers -- --table-name <table> [--region cn-north-1] [--segment 0 --segments 4]
 *   npm run migrate:pack-customers -- --endpoint http://127.0.0.1:8000 --table-name crm-local
 *
 * TABLE_NAME, AWS_REGION and DYNAMODB_ENDPOINT may be given as environment variables instead.
 */
import { parseArgs } from 'node:util';
import { useTable } from './operator-env.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    'table-name': { type: 'string', default: process.env.TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'cn-north-1' },
    endpoint: { type: 'string', default: process.env.DYNAMODB_ENDPOINT },
    segment: { type: 'string' },
    segments: { type: 'string' },
  },
});
if (!values['table-name']) {
  console.error(
    'Usage: npm run migrate:pack-customers -- --table-name <table> [--endpoint <url>] [--segment <n> --segments <total>]',
  );
  process.exit(2);
}
useTable(values['table-name'], values.region, values.endpoint);
const { packStoredCustomers } = await import('#lib/customers/pack-backfill.ts');
const result = await packStoredCustomers({
  ...(values.segments ? { segment: Number(values.segment ?? 0), segments: Number(values.segments) } : {}),
  onPage: (p) => console.log(`scanned ${p.scanned}, packed ${p.packed}, overtaken by a save ${p.overtaken}`),
});
console.log(
  `Packed ${result.packed} customer items and copies (${result.overtaken} were saved meanwhile, packed by that save).`,
);
