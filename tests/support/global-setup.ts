import type { TestProject } from 'vitest/node';
import { createTable, startDynamoDbLocal } from '#infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

/**
 * One DynamoDB Local for the whole run (or the one in DYNAMODB_ENDPOINT), one table. Tests stay
 * apart by using a fresh tenant each: every key starts with the tenant.
 */
export default async function setup(project: TestProject) {
  const tableName = `crm-test-${Date.now()}`;
  const external = process.env.DYNAMODB_ENDPOINT;
  const dynamo = external ? { endpoint: external, stop: async () => {} } : await startDynamoDbLocal();
  await createTable(dynamo.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', tableName);
  return () => dynamo.stop();
}
