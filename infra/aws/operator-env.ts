/**
 * Points lib/config.ts at the table an operator command works on. Config reads the environment
 * once, on first use, so a command calls this before it imports the domain. An endpoint means
 * DynamoDB Local, which the local runtime's settings go with.
 */
export function useTable(tableName: string, region: string, endpoint?: string): void {
  process.env.TABLE_NAME = tableName;
  process.env.AWS_REGION = region;
  if (endpoint) {
    process.env.DYNAMODB_ENDPOINT = endpoint;
    process.env.RUNTIME = 'local';
  }
}
