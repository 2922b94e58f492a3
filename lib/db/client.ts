import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { traced } from '../tracing.ts';
import { record } from './metering.ts';

let documentClient: DynamoDBDocumentClient | undefined;

/** One client per process (Lambda container), created on first use and reused. */
export function db(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    // Traced before the document client wraps it: the two share one middleware stack.
    const client = traced(
      new DynamoDBClient({
        region: AWS_REGION,
        ...(DYNAMODB_ENDPOINT
          ? { endpoint: DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {}),
      }),
    );
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    // Every data-plane call reports its consumed capacity: logged per request, read by the bench.
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        record(context.commandName ?? '', result.output as Record<string, unknown>);
        return result;
      },
      { step: 'initialize', name: 'meterCapacity' },
    );
  }
  return documentClient;
}

export const tableName = () => config().TABLE_NAME;
