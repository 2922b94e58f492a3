/**
 * The bench's reference function (tests/bench/functions.ts): nothing but a DynamoDB document
 * client, bundled with the deployment's options. What any function of ours costs beyond it is
 * our own code and libraries; the bundle and cold-import targets are set relative to it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (_event: unknown, context: { functionName?: string }) => ({
  region: await client.config.region(),
  functionName: context.functionName,
});
