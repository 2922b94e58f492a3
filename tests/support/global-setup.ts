import type { TestProject } from 'vitest/node';
import { createTable, startDynamoDbLocal } from '#infra/local/dynamodb.ts';
import { startS3 } from '#infra/local/s3.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    s3Endpoint: string;
    filesBucket: string;
  }
}

/**
 * One DynamoDB Local for the whole run (or the one in DYNAMODB_ENDPOINT), one table, and one local
 * S3 with the attachments' bucket. Tests stay apart by using a fresh tenant each: every key starts
 * with the tenant.
 */
export default async function setup(project: TestProject) {
  const tableName = `crm-test-${Date.now()}`;
  const external = process.env.DYNAMODB_ENDPOINT;
  const dynamo = external ? { endpoint: external, stop: async () => {} } : await startDynamoDbLocal();
  await createTable(dynamo.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', tableName);
  // The attachments' bucket: real bytes go through presigned URLs to a local S3 (s3rver).
  const s3 = await startS3(`crm-test-${Date.now()}`);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('filesBucket', s3.bucket);
  return async () => {
    await s3.stop();
    await dynamo.stop();
  };
}
