import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { idempotencyKey, tableSchema } from '#lib/db/keys.ts';
import type { HttpMethod, TableAccess } from '#lib/http/route.ts';

/**
 * The table actions each access level grants. Transactions need no actions of their own:
 * TransactGetItems and TransactWriteItems are authorized item by item through these. Scan is in
 * neither list on purpose (DESIGN rule 3), and so is every action that changes the table itself.
 */
export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;
/** What lib/http/idempotency.ts does to its record: claim (put), complete (update), release (delete). */
export const IDEMPOTENCY_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/**
 * The partition keys of idempotency records, as an IAM `StringLike` pattern. It is derived from the
 * key builder (keys are spelled only in lib/db/keys.ts): `*` stands for tenant, user and key.
 */
export const IDEMPOTENCY_PK_PATTERN = idempotencyKey('*', '*', '-', '*').pk;

export interface TableRef {
  tableArn: string;
}

/**
 * Least-privilege statements for a handler's access to the table: `read` can only read, and only
 * through Query on the indexes; `readWrite` adds item writes on the base table. A POST with `read`
 * access still stores its Idempotency-Key record (lib/http/http.ts wraps every POST in
 * `idempotent`), so it may write, but only items in idempotency partitions (dynamodb:LeadingKeys).
 */
export function tableStatements(
  table: TableRef,
  access: TableAccess,
  method?: HttpMethod,
): PolicyStatement[] {
  const statements = [
    new PolicyStatement({
      actions: [...READ_ACTIONS, ...(access === 'readWrite' ? WRITE_ACTIONS : [])],
      resources: [table.tableArn],
    }),
  ];
  const indexArns = tableSchema.globalSecondaryIndexes.map(
    (gsi) => `${table.tableArn}/index/${gsi.indexName}`,
  );
  if (indexArns.length > 0) {
    statements.push(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }));
  }
  if (access === 'read' && method === 'POST') {
    statements.push(
      new PolicyStatement({
        actions: [...IDEMPOTENCY_ACTIONS],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [IDEMPOTENCY_PK_PATTERN] } },
      }),
    );
  }
  return statements;
}

export function grantTableAccess(
  grantee: IGrantable,
  table: TableRef,
  access: TableAccess,
  method?: HttpMethod,
): void {
  for (const statement of tableStatements(table, access, method)) {
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
}
