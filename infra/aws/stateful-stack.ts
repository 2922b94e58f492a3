import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { RegionPlan } from '#infra/aws/regions.ts';
import { tableSchema } from '#lib/db/keys.ts';
import { EVENT_SOURCE } from '#lib/events/publisher.ts';
import { CLAIMS } from '#lib/http/auth.ts';
import { ALL_PERMISSIONS, PERMISSIONS, RESOURCE_SERVER } from '#lib/org/permissions.ts';

/** `custom:tenantId` -> `tenantId`: Cognito adds the prefix to custom attribute names itself. */
const customName = (claim: string) => claim.replace(/^custom:/, '');

/**
 * Everything that holds data and outlives a deployment: the table, the user pool, the event bus, the files bucket and the webhook secrets key.
 * Nothing here is ever replaced or deleted by a stack operation (RETAIN, deletion protection), and
 * the stateless stack can be torn down and rebuilt around it.
 */
export interface StatefulStackProps extends StackProps {
  /** Origins browsers upload attachments from (the bucket's CORS), as for the API. */
  corsAllowOrigins?: string[];
  /** The attachments bucket's name (filesBucketName): the stateless stack names it the same way. */
  filesBucketName?: string;
  /** Who signs the tokens: a user pool of this stack (the default) or an external issuer (none here). */
  identity?: RegionPlan['identity'];
  /** Cognito's e-mail through SES from a verified address; Cognito's own sender when absent. */
  email?: { fromEmail: string; fromName?: string | undefined; sesRegion?: string | undefined } | undefined;
}

/**
 * The attachments bucket's name, unique per stage, account and region. Named rather than exported,
 * so the functions' grants spell its ARN without a cross-stack reference.
 */
export const filesBucketName = (stage: string) => `crm-${stage}-files-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

export class StatefulStack extends Stack {
  readonly table: Table;
  /** The attachments (lib/files): private, encrypted, TLS only; clients use presigned URLs. */
  readonly filesBucket: Bucket;
  /** Absent when an external OpenID Connect issuer signs the tokens (the China regions). */
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;
  /** Domain events (lib/events), with an archive to replay them from. */
  readonly eventBus: EventBus;
  /** The key that encrypts webhooks' signing secrets (lib/webhooks/secrets.ts). */
  readonly webhookSecretsKek: Secret;

  constructor(scope: Construct, id: string, props?: StatefulStackProps) {
    super(scope, id, props);

    // Built from the same export as the DynamoDB Local table (infra/local/dynamodb.ts), so the two
    // cannot drift apart.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[tableSchema.stream],
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of tableSchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        ...(gsi.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...gsi.projection.attributes] }
          : { projectionType: ProjectionType.ALL }),
      });
    }

    if ((props?.identity?.kind ?? 'cognito') === 'cognito') {
      const { userPool, userPoolClient } = this.users(props?.email);
      this.userPool = userPool;
      this.userPoolClient = userPoolClient;
    }

    this.eventBus = new EventBus(this, 'Events', { description: 'CRM domain events (lib/events)' });
    // A year of events to replay to a consumer that lost some (a new rule, a bug fixed).
    this.eventBus.archive('EventArchive', {
      description: 'Every CRM domain event, for replays',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    // Kept with the table: without it no stored webhook secret opens again. Not rotated by Secrets
    // Manager: a new key means re-sealing every webhook's data key, a job of its own.
    this.webhookSecretsKek = new Secret(this, 'WebhookSecretsKek', {
      description: "Encrypts the webhooks' signing secrets at rest (lib/webhooks/secrets.ts)",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.webhookSecretsKek).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A key-encryption key: rotating it means re-sealing every stored data key, which Secrets Manager rotation cannot do.',
    });

    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    this.filesBucket = this.attachmentsBucket(props?.corsAllowOrigins ?? ['*'], props?.filesBucketName);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName });
  }

  /**
   * One user pool for every tenant, its web client, and the resource server and domain machine
   * clients get their tokens from.
   */
  private users(email: StatefulStackProps['email']) {
    const userPool = new UserPool(this, 'Users', {
      // Accounts are created by a tenant's administrator (POST /v1/users) or by tenant:create,
      // never by the public: a user belongs to exactly one tenant, fixed at creation.
      selfSignUpEnabled: false,
      // One pool serves every tenant, so a login is named by the user id (a ULID: unique across all
      // tenants, never changed; lib/org/logins.ts) and the e-mail address is NOT a sign-in alias.
      // Aliases are unique pool-wide and administrators of each tenant type the addresses in: as
      // the username or an alias, an address let one tenant reach another tenant's login (disable,
      // delete it) or take an address first so the other tenant cannot create its user.
      signInAliases: { username: true },
      // ULIDs are upper case; people may type them in lower case.
      signInCaseSensitive: false,
      // The address is still where the invitation and password recovery codes go, so it is verified
      // (a code is sent to every new address), and a changed address takes effect only once
      // verified: until then the old one keeps working for recovery, so a typo cannot lock anyone out.
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Immutable, so not even an administrator can move a user to another tenant by editing the
      // token's source; the handlers trust these claims (lib/http/auth.ts).
      customAttributes: {
        [customName(CLAIMS.tenantId)]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        [customName(CLAIMS.userId)]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // The sign-in name is the user id, not the address this is sent to: say so plainly.
      userInvitation: {
        emailSubject: '欢迎使用 CRM / Welcome to the CRM',
        emailBody:
          '您的 CRM 登录名是 {username}（不是邮箱地址），临时密码是 {####}。首次登录后请修改密码。<br><br>' +
          'Your CRM sign-in name is {username} (not your e-mail address) and your temporary password is {####}. ' +
          'You will be asked to change the password when you first sign in.',
      },
      // Cognito's own sender sends about 50 messages a day, too few once tenants invite their staff.
      ...(email
        ? {
            email: UserPoolEmail.withSES({
              fromEmail: email.fromEmail,
              ...(email.fromName ? { fromName: email.fromName } : {}),
              ...(email.sesRegion ? { sesRegion: email.sesRegion } : {}),
            }),
          }
        : {}),
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP, enrolled by each user) rather than required: the users are sales staff of small companies, many without an authenticator app, and SMS codes are not offered (cost, SIM swap).',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials tier: the Plus tier (threat protection) is billed per monthly active user, which the product cannot pass on to small tenants; passwords are strong and MFA is available.',
      },
    );

    const userPoolClient = userPool.addClient('WebClient', {
      // A browser or app cannot keep a secret; SRP keeps the password off the wire.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(customName(CLAIMS.tenantId), customName(CLAIMS.userId)),
      // Users may not write the tenant or user claims (immutable anyway): only name and e-mail.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    // Machine clients (lib/clients): the service creates one app client per API client with the
    // client-credentials grant and the scopes of its permissions, under this resource server; the
    // domain serves their token endpoint.
    userPool.addResourceServer('ApiScopes', {
      identifier: RESOURCE_SERVER,
      userPoolResourceServerName: 'CRM API',
      scopes: ALL_PERMISSIONS.map(
        (permission) =>
          new ResourceServerScope({ scopeName: permission, scopeDescription: PERMISSIONS[permission] }),
      ),
    });
    // Cognito domain prefixes are one namespace across all accounts of a region: the stack name
    // and the account id (resolved at deploy time) make this one unique.
    const authDomain = userPool.addDomain('AuthDomain', {
      cognitoDomain: { domainPrefix: `${this.stackName.toLowerCase()}-${Aws.ACCOUNT_ID}` },
    });

    new CfnOutput(this, 'TokenEndpoint', { value: `${authDomain.baseUrl()}/oauth2/token` });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    return { userPool, userPoolClient };
  }

  /**
   * Files never pass through Lambda: browsers PUT and GET objects with presigned URLs (hence CORS);
   * objects are keyed `<tenantId>/<attachmentId>/<name>`. An upload carries the tag `state=pending`
   * until it is confirmed (lib/files/storage.ts), so unconfirmed uploads expire by rule, as do
   * multipart uploads never completed. Server access logs go to a bucket of their own.
   */
  private attachmentsBucket(allowedOrigins: string[], bucketName: string | undefined): Bucket {
    const logs = new Bucket(this, 'FilesAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the attachments bucket’s server access logs; logging it again would loop.',
    });
    return new Bucket(this, 'Files', {
      ...(bucketName ? { bucketName } : {}),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'files/',
      cors: [
        {
          allowedOrigins,
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedHeaders: ['content-type', 'content-length', 'x-amz-tagging'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-unconfirmed-uploads', tagFilters: { state: 'pending' }, expiration: Duration.days(2) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
