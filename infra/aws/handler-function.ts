import { Aws, Duration, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerBundles } from '#infra/aws/handler-bundles.ts';
import { grantTableAccess, type TableRef } from '#infra/aws/table-access.ts';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  type FileAction,
  type HttpMethod,
  type TableAccess,
} from '#lib/http/route.ts';

export interface HandlerFunctionProps {
  /** The handler module, relative to the repository root; it exports `handler`. */
  handler: string;
  /** Where the handler's bundle comes from (one esbuild run for all handlers). */
  bundles: HandlerBundles;
  description: string;
  table: TableRef & { tableName: string };
  /** None: the function never touches the table (the API's authorizer). */
  access?: TableAccess;
  /** The route's method: a POST writes its idempotency record even with `read` access. */
  method?: HttpMethod;
  /** Handlers that send SMS publish to phone numbers (and nothing else in SNS). */
  sendsSms?: boolean;
  /** For user management: the pool whose logins the function keeps in step with users. */
  userPool?: IUserPool;
  /** For attachments (lib/files): the bucket and the object actions its route declares. */
  files?: { bucketName: string; actions: readonly FileAction[] };
  timeout?: Duration;
  /** Memory in MB; DEFAULT_MEMORY_MB when absent. */
  memoryMb?: number;
}

/** How cdk-nag spells a string with pseudo parameters in a finding: `<AWS::AccountId>`. */
const nagToken = (text: string) =>
  text
    .replace(Aws.PARTITION, '<AWS::Partition>')
    .replace(Aws.ACCOUNT_ID, '<AWS::AccountId>')
    .replace(Aws.REGION, '<AWS::Region>');

/** The S3 actions behind a route's `files` actions (a HEAD is authorized as s3:GetObject). */
const S3_ACTIONS: Record<FileAction, string> = {
  put: 's3:PutObject',
  get: 's3:GetObject',
  tag: 's3:PutObjectTagging',
  delete: 's3:DeleteObject',
};

/**
 * THE way a handler becomes a Lambda function: every route and job goes through here, so runtime,
 * bundling, logging, tracing and permissions are decided once. The role starts empty (no managed
 * policy): it may write only to the function's own log group, read or write the table as the
 * route's `access` says, and publish SMS only if asked.
 */
export class HandlerFunction extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.SIX_MONTHS });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}`,
    });
    this.function = new LambdaFunction(this, 'Function', {
      code: props.bundles.code(props.handler),
      handler: 'index.handler',
      description: props.description.slice(0, 256),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(DEFAULT_TIMEOUT_SECONDS),
      // lib/tracing.ts writes the subsegments to the daemon active tracing runs.
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        TABLE_NAME: props.table.tableName,
        POWERTOOLS_SERVICE_NAME: 'crm',
        // No --enable-source-maps: measured by `npm run bench:functions`, it made a cold import
        // 25-100 % slower (Node reads and parses the .map, 0.6-2.8 MB, at load) and the first stack
        // rendered after it another ~70-210 ms, on every cold start and in the error path. Stacks
        // stay minified; the maps are kept beside the cloud assembly for offline decoding
        // (infra/aws/handler-bundles.ts), not shipped in the function.
        ...(props.userPool ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
        ...(props.files ? { FILES_BUCKET: props.files.bucketName } : {}),
      },
    });
    logGroup.grantWrite(role);
    if (props.access) grantTableAccess(role, props.table, props.access, props.method);
    if (props.userPool) {
      // Keeping a user's login in step with the user: create, disable/enable, delete, change its
      // e-mail address, each after reading the login to check it is this user's (lib/org/logins.ts).
      props.userPool.grant(
        role,
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminUpdateUserAttributes',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminDeleteUser',
      );
    }
    if (props.files) {
      // Objects only, never the bucket (no listing); each action the route declares, no other.
      const objects = `arn:${Aws.PARTITION}:s3:::${props.files.bucketName}/*`;
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...new Set(props.files.actions.map((a) => S3_ACTIONS[a]))],
          resources: [objects],
        }),
      );
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagToken(objects)}]`,
        reason:
          'Attachments are objects named at run time (<tenantId>/<attachmentId>/<name>): the function may reach any object of the one bucket, with only the actions its route declares; tenant isolation is enforced in lib/files.',
      });
    }
    if (props.sendsSms) {
      // An SMS is published to a phone number, not to a resource ARN; NotResource over every SNS ARN
      // allows exactly that and no topic or platform endpoint.
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sns:Publish'], notResources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }),
      );
    }

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is pinned on purpose: it is the Node line the code is built and tested for (DESIGN: nodejs22.x on Lambda); moving to a newer runtime is a deliberate upgrade.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
      },
    );
  }
}
