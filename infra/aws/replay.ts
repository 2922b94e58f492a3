/**
 * Re-drives the stream batches the consumers gave up on (infra/stream-replay.ts): reads each
 * failure, fetches its records back from the table's stream by sequence range, runs the named
 * consumer's handler on them here, and deletes the failure only when that succeeded. The consumers
 * are idempotent, so running it twice applies nothing twice. The stream keeps records 24 hours:
 * replay within a day (the queue keeps messages 14 days; an older failure is reported and left).
 *
 *   npm run replay -- --queue-url <StreamFailures queue URL> --table-name <table> [--region <r>] [--consumer <name>]
 *   npm run replay -- --endpoint http://127.0.0.1:8000 --table-name crm-local   (the local runtime's failures)
 *
 * TABLE_NAME, AWS_REGION and DYNAMODB_ENDPOINT may be given as environment variables instead.
 */
import { parseArgs } from 'node:util';
import { useTable } from './operator-env.ts';

const { values } = parseArgs({
  strict: true,
  options: {
    'queue-url': { type: 'string' },
    'table-name': { type: 'string', default: process.env.TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'cn-north-1' },
    endpoint: { type: 'string', default: process.env.DYNAMODB_ENDPOINT },
    /** Replays every failure as this consumer's (when its function's name does not say). */
    consumer: { type: 'string' },
    max: { type: 'string', default: '100' },
  },
});
if (!values['table-name'] || (!values['queue-url'] && !values.endpoint)) {
  console.error(
    'Usage: npm run replay -- --table-name <table> (--queue-url <StreamFailures URL> | --endpoint <DynamoDB Local URL>) [--consumer <name>]',
  );
  process.exit(2);
}
useTable(values['table-name'], values.region, values.endpoint);
const { DynamoDBStreamsClient } = await import('@aws-sdk/client-dynamodb-streams');
const { streamConsumers } = await import('#lib/jobs.ts');
const { consumerOfFunction, replayFailures, tableFailureDestination } = await import('../stream-replay.ts');
const names = Object.keys(streamConsumers);

const streams = new DynamoDBStreamsClient({
  region: values.region,
  ...(values.endpoint
    ? { endpoint: values.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});
const destination = values['queue-url']
  ? await (await import('./stream-failure-queue.ts')).sqsFailureDestination(
      values['queue-url'],
      values.region,
    )
  : tableFailureDestination(values.consumer ? [values.consumer] : names);
const report = await replayFailures({
  destination,
  streams,
  consumers: streamConsumers,
  consumerOf: (failure) => values.consumer ?? consumerOfFunction(failure.requestContext.functionArn, names),
  max: Number(values.max),
});
for (const line of report.lines) console.log(line);
console.log(`replayed ${report.replayed}, failed again ${report.failed}, skipped ${report.skipped}`);
process.exit(report.failed + report.skipped > 0 ? 1 : 0);
