import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import {
  Annotations,
  Aws,
  CfnOutput,
  Duration,
  NestedStack,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  AuthorizerPayloadVersion,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, type ILogGroup, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HandlerBundles, handlerPath } from '#infra/aws/handler-bundles.ts';
import { HandlerFunction } from '#infra/aws/handler-function.ts';
import type { RegionPlan } from '#infra/aws/regions.ts';
import { constructId } from '#infra/construct-id.ts';
import { EVENT_SOURCE } from '#lib/events/publisher.ts';
import { cors } from '#lib/http/cors.ts';
import type { RouteSpec } from '#lib/http/route.ts';
import { splitRouteKey } from '#lib/http/route.ts';
import type { EventConsumerSpec, JobSpec, StreamConsumerSpec } from '#lib/jobs.ts';

export interface StatelessStackProps extends StackProps {
  table: ITable;
  /** The attachments' bucket (by name): granted to the routes that declare `files` actions, those only. */
  filesBucketName: string;
  /** This stack's user pool and web client; absent when an external issuer signs the tokens. */
  userPool?: UserPool | undefined;
  userPoolClient?: UserPoolClient | undefined;
  /** The region's plan (infra/aws/regions.ts): who signs tokens, how SMS is sent. */
  plan: RegionPlan;
  /** lib/routes.ts: one function and one API route per entry. */
  routes: Readonly<Record<string, RouteSpec>>;
  /** lib/jobs.ts: one function and one schedule per entry whose handler exists. */
  jobs: Readonly<Record<string, JobSpec>>;
  /** lib/jobs.ts streamConsumers: one function and one filtered stream event source per entry. */
  streamConsumers: Readonly<Record<string, StreamConsumerSpec>>;
  /** The webhooks' key-encryption key, given to the functions whose spec says `webhookSecrets`. */
  webhookSecretsKek: ISecret;
  /** The bus domain events go to (lib/events), from the stateful stack. */
  eventBus: IEventBus;
  /** lib/jobs.ts eventConsumers: one function and one rule on the bus (with retries and a DLQ) each. */
  eventConsumers: Readonly<Record<string, EventConsumerSpec>>;
  /** Origins browsers may call the API from. */
  corsAllowOrigins: string[];
  /** Where alarms are e-mailed, if anywhere; the alarm topic can take other subscribers too. */
  alarmEmail?: string | undefined;
}

/** `functions/org/create-role.ts` -> `org`: routes are grouped by the bounded context of their handler. */
const contextOf = (handler: string) => handler.split('/')[1] ?? 'default';

/** The Lambda authorizer of a Cognito pool (lib/http/authorizer.ts). */
export const AUTHORIZER_HANDLER = 'functions/auth/authorize.ts';

/**
 * Whether a route's or job's function publishes SMS: its entry says `sendsSms: true` (JobSpec has
 * the flag; a route that sends SMS declares it the same way).
 */
export const sendsSms = (spec: object) => 'sendsSms' in spec && spec.sendsSms === true;

/**
 * Gives a function that reads webhooks the key their secrets are sealed with. A dynamic reference:
 * CloudFormation resolves it at deploy time, so the template never holds the key.
 */
function giveWebhookKey(fn: HandlerFunction, spec: object, props: StatelessStackProps) {
  if (!('webhookSecrets' in spec && spec.webhookSecrets === true)) return;
  fn.function.addEnvironment('WEBHOOK_SECRETS_KEK', props.webhookSecretsKek.secretValue.unsafeUnwrap());
}

/**
 * Everything that can be thrown away and rebuilt from code: the HTTP API, one function per route
 * and per job, the schedules and the alarms. The table, topic and user pool come in from the
 * stateful stack.
 *
 * Each bounded context's functions live in a nested stack of their own: a route costs about eight
 * resources (function, role, policy, log group, route, integration, permission, alarm) and a
 * CloudFormation stack holds at most 500, so ~100 routes in one stack would not deploy.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly alarmTopic: Topic;
  /**
   * Where a stream batch goes once its retries are spent (Lambda sends the shard and sequence
   * numbers of the records, not the records): nothing is dropped silently, and an alarm says so.
   */
  readonly streamFailures: Queue;
  /** Where EventBridge Scheduler puts an invocation of a job it could not deliver after its retries. */
  readonly scheduleFailures: Queue;
  /** The nested stack per handler folder (`org`, `settings`, ..., `jobs`). */
  readonly groups = new Map<string, NestedStack>();
  private readonly bundles: HandlerBundles;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    if (props.plan.sms === 'adapter')
      Annotations.of(this).addWarning(
        `SNS sends no SMS in ${props.plan.region}: every SMS fails until an SmsSender adapter for a local provider is wired in (README, Deploy to the China regions).`,
      );
    this.alarmTopic = new Topic(this, 'Alarms', { displayName: 'CRM alarms', enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.streamFailures = this.failureQueue('StreamFailures', 'a stream consumer gave up on a batch');
    this.scheduleFailures = this.failureQueue('ScheduleFailures', 'a scheduled job could not be invoked');

    this.api = new HttpApi(this, 'Api', {
      description: 'CRM HTTP API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsAllowOrigins,
        allowMethods: cors.allowMethods.map((m) => CorsHttpMethod[m]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });
    // Chinese rules (网络安全法 art. 21) keep network logs for at least six months.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.SIX_MONTHS });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // A tenant's runaway script gets 429s before it can run up the table's on-demand bill.
      throttle: { burstLimit: 200, rateLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            route: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // A job lands in lib/jobs.ts before its handler does (the table lists what later work will
    // build): it is scheduled once its module exists. Routes get no such grace: a route without its
    // handler fails the synth.
    const jobs = Object.entries(props.jobs).filter(([, job]) => existsSync(handlerPath(job.handler)));
    const cognito = props.plan.identity.kind === 'cognito';
    this.bundles = new HandlerBundles([
      ...(cognito ? [AUTHORIZER_HANDLER] : []),
      ...Object.values(props.routes).map((route) => route.handler),
      ...jobs.map(([, job]) => job.handler),
      ...Object.values(props.streamConsumers).map((consumer) => consumer.handler),
      ...Object.values(props.eventConsumers).map((consumer) => consumer.handler),
    ]);
    const authorizer = this.authorizer(props);
    for (const [key, spec] of Object.entries(props.routes)) {
      // API clients are Cognito app clients: with an external issuer, machine clients are the
      // issuer's own (client credentials there), and these routes are not deployed.
      if ('managesClients' in spec && spec.managesClients && !props.userPool) continue;
      this.addRoute(key, spec, authorizer, props);
    }
    for (const [name, job] of jobs) this.addJob(name, job, props);
    for (const [name, consumer] of Object.entries(props.streamConsumers))
      this.addStreamConsumer(name, consumer, props);
    for (const [name, consumer] of Object.entries(props.eventConsumers))
      this.addEventConsumer(name, consumer, props);
    // DynamoDB stream consumers (analytics projections) will be added here: one HandlerFunction
    // each, with a DynamoEventSource on props.table and the stream read grant that needs.

    this.alarmOn(
      this,
      'Api5xx',
      stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'The API answered 5xx: a handler failed or timed out (every expected failure is a 4xx).',
    );

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }

  /**
   * Made here, once, and handed to the nested stacks by id: binding an authorizer construct in a
   * route would create it inside the first nested stack that asks. With this stack's user pool, a
   * Lambda authorizer (people's tokens of the web client, and machine clients, which a JWT
   * authorizer's fixed audience list cannot name: lib/http/authorizer.ts), each answer cached per
   * token for 5 minutes; with an external issuer, API Gateway's JWT authorizer on that issuer.
   */
  private authorizer(props: StatelessStackProps): IHttpRouteAuthorizer {
    const { identity } = props.plan;
    if (identity.kind === 'oidc') {
      const jwt = new HttpAuthorizer(this, 'OidcJwt', {
        httpApi: this.api,
        type: HttpAuthorizerType.JWT,
        identitySource: ['$request.header.Authorization'],
        jwtIssuer: identity.issuer,
        jwtAudience: identity.audiences,
      });
      return HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'RouteAuthorizer', {
        authorizerId: jwt.authorizerId,
        authorizerType: HttpAuthorizerType.JWT,
      });
    }
    const { userPool, userPoolClient } = props;
    if (!userPool || !userPoolClient)
      throw new Error('A Cognito deployment needs the user pool and its web client');
    const fn = new HandlerFunction(this, 'Authorizer', {
      handler: AUTHORIZER_HANDLER,
      bundles: this.bundles,
      description: 'authorizer: checks bearer tokens of the user pool (people and machine clients)',
      table: props.table,
    });
    // The provider URL carries the partition's own domain.
    fn.function.addEnvironment('USER_POOL_ISSUER', `https://${userPool.userPoolProviderUrl}`);
    fn.function.addEnvironment('USER_POOL_CLIENT_ID', userPoolClient.userPoolClientId);
    const lambda = new HttpAuthorizer(this, 'TokenAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.LAMBDA,
      identitySource: ['$request.header.Authorization'],
      authorizerUri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${fn.function.functionArn}/invocations`,
      payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
      enableSimpleResponses: true,
      resultsCacheTtl: Duration.minutes(5),
    });
    fn.function.addPermission('InvokedByApi', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${this.api.apiId}/authorizers/${lambda.authorizerId}`,
    });
    this.alarmOnFailures(this, 'Authorizer', fn.function, 'authorizer');
    // A route names a Lambda authorizer as CUSTOM (the imported authorizer would say REQUEST).
    const authorizerId = lambda.authorizerId;
    return { bind: () => ({ authorizationType: 'CUSTOM', authorizerId }) };
  }

  private group(name: string): NestedStack {
    let stack = this.groups.get(name);
    if (!stack) {
      stack = new NestedStack(this, constructId(name), { description: `CRM ${name} functions` });
      this.groups.set(name, stack);
    }
    return stack;
  }

  private addRoute(
    key: string,
    spec: RouteSpec,
    authorizer: IHttpRouteAuthorizer,
    props: StatelessStackProps,
  ) {
    const { method, path } = splitRouteKey(key);
    const scope = this.group(contextOf(spec.handler));
    const id = this.uniqueId(scope, spec.handler);
    const fn = new HandlerFunction(scope, id, {
      handler: spec.handler,
      bundles: this.bundles,
      description: `${key}: ${spec.summary}`,
      table: props.table,
      access: spec.access,
      method,
      sendsSms: sendsSms(spec),
      ...('managesLogins' in spec && spec.managesLogins && props.userPool
        ? { userPool: props.userPool }
        : {}),
      ...(spec.files?.length ? { files: { bucketName: props.filesBucketName, actions: spec.files } } : {}),
      ...(spec.memoryMb ? { memoryMb: spec.memoryMb } : {}),
      ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
    });
    giveWebhookKey(fn, spec, props);
    if ('managesLogins' in spec && spec.managesLogins && !props.userPool)
      fn.function.addEnvironment('IDENTITY_PROVIDER', 'oidc');
    if ('managesClients' in spec && spec.managesClients && props.userPool) {
      // Machine clients are Cognito app clients (lib/clients/directory.ts): create and delete only.
      fn.function.addEnvironment('USER_POOL_ID', props.userPool.userPoolId);
      props.userPool.grant(
        fn.function,
        'cognito-idp:CreateUserPoolClient',
        'cognito-idp:DeleteUserPoolClient',
      );
    }
    new HttpRoute(scope, `${id}Route`, {
      httpApi: this.api,
      routeKey: HttpRouteKey.with(path, HttpMethod[method]),
      integration: new HttpLambdaIntegration(`${id}Integration`, fn.function),
      authorizer,
    });
    this.alarmOnFailures(scope, id, fn.function, key);
  }

  private addJob(name: string, job: JobSpec, props: StatelessStackProps) {
    const scope = this.group('jobs');
    const id = constructId(name);
    const fn = new HandlerFunction(scope, id, {
      handler: job.handler,
      bundles: this.bundles,
      description: `${name}: ${job.summary}`,
      table: props.table,
      access: job.access,
      sendsSms: sendsSms(job),
      // Shorter than the shortest schedule interval (5 minutes), so runs of a job never overlap; a
      // run cut short resumes from its checkpoint next time.
      timeout: Duration.minutes(4),
    });
    giveWebhookKey(fn, job, props);
    // The scheduler's role may invoke this function and nothing else: LambdaInvoke's grant would
    // add every version and alias of it (`<arn>:*`) as well.
    const role = new Role(scope, `${id}ScheduleRole`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
    );
    // A job with its own dead-letter queue (its own alarm) keeps it; the others share one.
    const ownDeadLetters =
      'deadLetters' in job && job.deadLetters ? this.deadLetterQueue(scope, id) : undefined;
    const deadLetters = ownDeadLetters ?? this.scheduleFailures;
    deadLetters.grantSendMessages(role);
    if (ownDeadLetters) {
      this.alarmOn(
        scope,
        `${id}DeadLettersAlarm`,
        ownDeadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        `job ${name}: runs the scheduler could not start are in its dead-letter queue.`,
      );
    }
    new Schedule(scope, `${id}Schedule`, {
      description: job.summary.slice(0, 512),
      schedule: ScheduleExpression.expression(job.schedule),
      target: {
        bind: () => ({
          arn: fn.function.functionArn,
          role,
          // Jobs are idempotent, so a retry is harmless; a run older than the next one is useless.
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
          deadLetterConfig: { arn: deadLetters.queueArn },
        }),
      },
    });
    this.alarmOnFailures(scope, id, fn.function, `job ${name}`);
    if (name === 'webhook-deliveries') this.alarmOnDisabledWebhooks(scope, id, fn.function.logGroup);
  }

  /**
   * A function the table's stream invokes for the records its spec names (filtered before any
   * invocation: other items cost nothing), one record per invocation so a long run never holds up
   * another. A record the handler reports back (out of time, held by a run that died) is retried,
   * and the next run resumes where the last one stopped.
   */
  private addStreamConsumer(name: string, spec: StreamConsumerSpec, props: StatelessStackProps) {
    const scope = this.group(contextOf(spec.handler));
    const id = constructId(name);
    const fn = new HandlerFunction(scope, id, {
      handler: spec.handler,
      bundles: this.bundles,
      description: `${name}: ${spec.summary}`,
      table: props.table,
      access: spec.access,
      sendsSms: sendsSms(spec),
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.files?.length ? { files: { bucketName: props.filesBucketName, actions: spec.files } } : {}),
      ...(spec.memoryMb ? { memoryMb: spec.memoryMb } : {}),
    });
    giveWebhookKey(fn, spec, props);
    fn.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: spec.batchSize,
        // Long per-record work (SMS) spreads wide; quick projections keep counter writers few.
        parallelizationFactor: spec.batchSize === 1 ? 10 : 2,
        reportBatchItemFailures: true,
        // A record that keeps failing is split off from the good ones around it, retried alone,
        // and then handed to the failure queue with its position in the stream (shard, sequence numbers).
        bisectBatchOnError: true,
        onFailure: new SqsDlq(this.streamFailures),
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        filters: [...streamFilters(spec).map((filter) => FilterCriteria.filter(filter))],
      }),
    );
    if (spec.publishesEvents) {
      fn.function.addEnvironment('EVENT_BUS_NAME', props.eventBus.eventBusName);
      props.eventBus.grantPutEventsTo(fn.function);
    }
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Reading a table stream needs dynamodb:ListStreams, which supports no resource-level permissions; the stream itself is granted by its ARN.',
    });
    this.alarmOnFailures(scope, id, fn.function, `stream ${name}`);
    this.alarmOn(
      scope,
      `${id}IteratorAge`,
      fn.function.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      `stream ${name}: records wait more than 5 minutes to be handled.`,
      5 * 60 * 1000,
    );
    if (sendsSms(spec)) this.alarmOnSmsFailures(scope, id, fn.function.logGroup);
  }

  /**
   * A consumer of domain events: a rule on the bus hands it the events of its types. EventBridge
   * retries a failed invocation for a day, then parks the event in the rule's dead-letter queue,
   * which alarms; the consumers are idempotent by event id, so a replay (from the queue or the
   * archive) changes nothing twice.
   */
  private addEventConsumer(name: string, spec: EventConsumerSpec, props: StatelessStackProps) {
    const scope = this.group(contextOf(spec.handler));
    const id = constructId(name);
    const fn = new HandlerFunction(scope, id, {
      handler: spec.handler,
      bundles: this.bundles,
      description: `${name}: ${spec.summary}`,
      table: props.table,
      access: spec.access,
    });
    giveWebhookKey(fn, spec, props);
    const dlq = this.deadLetterQueue(scope, id);
    new Rule(scope, `${id}Rule`, {
      eventBus: props.eventBus,
      description: spec.summary.slice(0, 512),
      eventPattern: {
        source: [EVENT_SOURCE],
        ...(spec.types.includes('*') ? {} : { detailType: [...spec.types] }),
      },
      targets: [
        new LambdaTarget(fn.function, {
          deadLetterQueue: dlq,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    this.alarmOnFailures(scope, id, fn.function, `event consumer ${name}`);
    this.alarmOn(
      scope,
      `${id}DeadLettersAlarm`,
      dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      `event consumer ${name}: events EventBridge could not deliver for a day are in its dead-letter queue.`,
    );
  }

  /** A dead-letter queue (of a rule's target or a schedule's): encrypted, TLS only, kept 14 days. */
  private deadLetterQueue(scope: Construct, id: string) {
    const dlq = new Queue(scope, `${id}DeadLetters`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue; it alarms when anything lands in it.',
    });
    return dlq;
  }

  /**
   * Webhooks switched off after a day of failed deliveries (lib/webhooks/delivery.ts logs each):
   * the tenant's admins are told in the app; operations hear of it here.
   */
  private alarmOnDisabledWebhooks(scope: Construct, id: string, logGroup: ILogGroup) {
    const filter = new MetricFilter(scope, `${id}WebhookDisabledFilter`, {
      logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', 'webhook disabled after failing deliveries'),
      metricNamespace: 'CRM',
      metricName: 'WebhookDisabled',
      metricValue: '1',
    });
    this.alarmOn(
      scope,
      `${id}WebhookDisabled`,
      filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      'A webhook was disabled after failing for more than a day.',
    );
  }

  /**
   * SMS the provider refused (or whose outcome a crashed run left unknown): the worker logs each
   * with `smsStatus: "failed"`. Every one alarms, since a failing number costs money and goodwill.
   * Spend is capped outside CloudFormation: set the account's SNS SMS MonthlySpendLimit (SNS text
   * messaging preferences, default USD 1) to what the tenants' volume needs, and raise the SMS
   * quota with AWS before going live.
   */
  private alarmOnSmsFailures(scope: Construct, id: string, logGroup: ILogGroup) {
    const filter = new MetricFilter(scope, `${id}SmsFailedFilter`, {
      logGroup,
      filterPattern: FilterPattern.stringValue('$.smsStatus', '=', 'failed'),
      metricNamespace: 'CRM',
      metricName: 'SmsFailed',
      metricValue: '1',
    });
    this.alarmOn(
      scope,
      `${id}SmsFailures`,
      filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      'SMS failed to send (refused by SNS, or outcome unknown after a crashed run).',
    );
  }

  /** Construct ids come from the handler's file name, which must be unique within its context. */
  private uniqueId(scope: Construct, handler: string): string {
    const id = constructId(basename(handler, '.ts'));
    if (scope.node.tryFindChild(id)) {
      throw new Error(
        `Two routes share the handler name ${id} (${handler}); give each use case its own file.`,
      );
    }
    return id;
  }

  private alarmOnFailures(scope: Construct, id: string, fn: IFunction, what: string) {
    const period = Duration.minutes(5);
    this.alarmOn(
      scope,
      `${id}Failures`,
      new MathExpression({
        expression: 'FILL(errors, 0) + FILL(throttles, 0)',
        usingMetrics: { errors: fn.metricErrors({ period }), throttles: fn.metricThrottles({ period }) },
        period,
        label: 'errors + throttles',
      }),
      `${what}: the function failed or was throttled.`,
    );
  }

  /** A dead-letter queue (encrypted, TLS only, kept 14 days) whose first message alarms. */
  private failureQueue(id: string, what: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination: its first message alarms.',
    });
    this.alarmOn(
      this,
      `${id}Waiting`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      `${what}: see the ${id} queue.`,
    );
    return queue;
  }

  private alarmOn(scope: Construct, id: string, metric: IMetric, description: string, threshold = 1) {
    const alarm = new Alarm(scope, id, {
      metric,
      alarmDescription: description,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
  }
}

/**
 * The event source's filters: an insert or a modify shows the item's type in its new image, a
 * removal only in its old one.
 */
export function streamFilters(spec: StreamConsumerSpec) {
  const ofType = FilterRule.or(...spec.on.itemTypes);
  const written = spec.on.events.filter((event) => event !== 'REMOVE');
  return [
    ...(written.length
      ? [{ eventName: FilterRule.or(...written), dynamodb: { NewImage: { type: { S: ofType } } } }]
      : []),
    ...(spec.on.events.includes('REMOVE')
      ? [{ eventName: FilterRule.isEqual('REMOVE'), dynamodb: { OldImage: { type: { S: ofType } } } }]
      : []),
  ];
}
