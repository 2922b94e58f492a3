import { existsSync, readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_OPTIONS } from '#infra/aws/build-options.ts';
import { allowedOrigins } from '#infra/aws/crm.ts';
import { handlerPath } from '#infra/aws/handler-bundles.ts';
import { sendsSms } from '#infra/aws/stateless-stack.ts';
import {
  IDEMPOTENCY_ACTIONS,
  IDEMPOTENCY_PK_PATTERN,
  READ_ACTIONS,
  WRITE_ACTIONS,
} from '#infra/aws/table-access.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, type RouteSpec } from '#lib/http/route.ts';
import { eventConsumers, jobs, streamConsumers } from '#lib/jobs.ts';
import { routes } from '#lib/routes.ts';
import {
  actionsOf,
  buildCrmApp,
  type FunctionView,
  functionsOf,
  resourcesOf,
  scheduledJobs,
  templatesOf,
} from '#tests/infra/crm-app.ts';

const routeKeys = Object.keys(routes) as (keyof typeof routes)[];
const consumers = Object.entries(streamConsumers);
const eventTargets = Object.keys(eventConsumers);
/** What reading the table's stream takes (granted to stream consumers only). */
const STREAM_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

let templates: Template[];
let allTemplates: Template[];
let functions: FunctionView[];

beforeAll(() => {
  const { stateful, stateless } = buildCrmApp({ templatesOnly: true });
  templates = templatesOf(stateless);
  allTemplates = [...templates, ...templatesOf(stateful)];
  functions = functionsOf(templates);
});

const functionFor = (serves: string) => {
  const found = functions.filter((f) => f.serves === serves);
  expect(found, `functions serving ${serves}`).toHaveLength(1);
  return found[0] as FunctionView;
};

const dynamoActions = (fn: FunctionView) =>
  fn.statements.flatMap((s) =>
    actionsOf(s)
      .filter((a) => a.startsWith('dynamodb:'))
      .map((action) => ({ action, conditioned: s.Condition !== undefined })),
  );

describe('route handlers', () => {
  it.each(routeKeys)('%s has a handler module that exports `handler`', (key) => {
    const file = handlerPath(routes[key].handler);

    expect(existsSync(file), `${routes[key].handler} exists`).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/export const handler\b/);
  });

  it.each(routeKeys)(
    '%s is served by a handler that picks it from its own context, not the assembled table',
    (key) => {
      const source = readFileSync(handlerPath(routes[key].handler), 'utf8');
      const picked = /route\((\w+), '([^']+)'\)/.exec(source);

      expect(picked?.[2], routes[key].handler).toBe(key);
      // Its context's routes, or one part's where a context splits them (lib/office/tasks/routes.ts,
      // lib/pipeline/leads-routes.ts).
      expect(source).toMatch(
        new RegExp(`import \\{ ${picked?.[1]} \\} from '#lib/[\\w-]+/(?:[\\w-]+/)?(?:[\\w-]+-)?routes\\.ts'`),
      );
      expect(source).not.toMatch(/#lib\/routes\.ts|lib\/routes\.ts'/);
    },
  );

  it.each(scheduledJobs)('job %s has a handler module that exports `handler`', (_, job) => {
    expect(readFileSync(handlerPath(job.handler), 'utf8')).toMatch(/export const handler\b/);
  });
});

describe('functions', () => {
  it('has exactly one function per route, scheduled job and stream consumer, and no helper functions anywhere', () => {
    const count = resourcesOf(allTemplates, 'AWS::Lambda::Function').length;

    // ... and the API's authorizer.
    expect(count).toBe(routeKeys.length + scheduledJobs.length + consumers.length + eventTargets.length + 1);
    expect(functions.map((f) => f.serves).sort()).toEqual(
      [
        'authorizer',
        ...routeKeys,
        ...scheduledJobs.map(([name]) => name),
        ...consumers.map(([name]) => name),
        ...eventTargets,
      ].sort(),
    );
  });

  it.each(routeKeys)(
    '%s runs on nodejs22.x arm64 with tracing, its own log group, the table name and its memory and timeout',
    (key) => {
      const fn = functionFor(key);
      const spec: RouteSpec = routes[key];

      expect(fn.properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Timeout: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        MemorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Environment: { Variables: { TABLE_NAME: expect.anything() } },
      });
    },
  );

  it('gives import and export more memory and time than the default, and every other route the default', () => {
    const sized = routeKeys.filter((key) => functionFor(key).properties.MemorySize !== DEFAULT_MEMORY_MB);

    expect(sized.sort()).toEqual(['GET /v1/customers/export', 'POST /v1/customers/import']);
    for (const key of sized) {
      expect(functionFor(key).properties.MemorySize).toBeGreaterThan(DEFAULT_MEMORY_MB);
      expect(functionFor(key).properties.Timeout).toBeGreaterThan(DEFAULT_TIMEOUT_SECONDS);
    }
  });

  it('parses no source map at run time (a slower cold import and first stack; bench:functions)', () => {
    for (const fn of functions) {
      expect(fn.properties.Environment.Variables.NODE_OPTIONS ?? '', fn.serves).not.toContain(
        'enable-source-maps',
      );
    }
  });

  it('gives every function an alarm on errors and throttles, the API one on 5xx, SMS one on failed sends, consumers and failure queues theirs', () => {
    const alarms = resourcesOf(templates, 'AWS::CloudWatch::Alarm');
    const api5xx = alarms.filter((a) =>
      (a.Properties.Dimensions ?? []).some((d: { Name: string }) => d.Name === 'ApiId'),
    );
    const smsFailed = alarms.filter((a) => a.Properties.MetricName === 'SmsFailed');
    const smsConsumers = consumers.filter(([, c]) => sendsSms(c));
    const deadLetters = alarms.filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    const webhooksDisabled = alarms.filter((a) => a.Properties.MetricName === 'WebhookDisabled');

    const lagging = alarms.filter((a) => a.Properties.MetricName === 'IteratorAge');
    // The stream and schedule failure queues, each event rule's and the jobs' with their own.
    const failureQueues = 2;
    expect(lagging).toHaveLength(consumers.length);
    expect(deadLetters).toHaveLength(
      failureQueues + eventTargets.length + scheduledJobs.filter(([, j]) => 'deadLetters' in j).length,
    );
    expect(webhooksDisabled).toHaveLength(1);
    expect(alarms).toHaveLength(
      functions.length +
        1 +
        smsConsumers.length +
        lagging.length +
        deadLetters.length +
        webhooksDisabled.length,
    );
    expect(api5xx).toHaveLength(1);
    expect(smsFailed).toHaveLength(smsConsumers.length);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('keeps every template well under the CloudFormation limit of 500 resources', () => {
    for (const template of templates) {
      expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(400);
    }
  });
});

describe('API', () => {
  it('has one route per entry of the route table and nothing else', () => {
    const keys = resourcesOf(templates, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);

    expect(keys.sort()).toEqual([...routeKeys].sort());
  });

  it('protects every /v1 route with the Lambda authorizer of the user pool, which serves machine clients too', () => {
    const authorizers = resourcesOf(templates, 'AWS::ApiGatewayV2::Authorizer');
    const v1 = resourcesOf(templates, 'AWS::ApiGatewayV2::Route').filter((r) =>
      String(r.Properties.RouteKey).includes(' /v1/'),
    );
    const permissions = resourcesOf(templates, 'AWS::Lambda::Permission').filter(
      (p) =>
        p.Properties.Principal === 'apigateway.amazonaws.com' &&
        JSON.stringify(p.Properties.SourceArn).includes('/authorizers/'),
    );

    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(functionFor('authorizer').properties.Environment.Variables).toMatchObject({
      USER_POOL_ISSUER: expect.anything(),
      USER_POOL_CLIENT_ID: expect.anything(),
    });
    expect(permissions).toHaveLength(1);
    expect(v1).toHaveLength(routeKeys.length);
    for (const route of v1) {
      expect(route.Properties, route.Properties.RouteKey).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: expect.anything(),
      });
    }
  });

  it('gives the authorizer no table access', () => {
    const actions = functionFor('authorizer').statements.flatMap(actionsOf);

    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('logs access as JSON, throttles by default and answers CORS preflights', () => {
    const [stage] = resourcesOf(templates, 'AWS::ApiGatewayV2::Stage');
    const [api] = resourcesOf(templates, 'AWS::ApiGatewayV2::Api');

    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: {
        DestinationArn: expect.anything(),
        Format: expect.stringContaining('$context.requestId'),
      },
    });
    expect(api?.Properties.CorsConfiguration).toMatchObject({
      AllowOrigins: ['http://localhost:3000', 'http://localhost:5173'],
      AllowHeaders: expect.arrayContaining(['authorization', 'idempotency-key', 'if-match']),
      AllowMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      MaxAge: 600,
    });
  });

  it('lets browsers read every header a handler sets for them, export download included', () => {
    const [api] = resourcesOf(templates, 'AWS::ApiGatewayV2::Api');

    expect([...(api?.Properties.CorsConfiguration.ExposeHeaders ?? [])].sort()).toEqual([
      'content-disposition',
      'etag',
      'idempotent-replayed',
      'location',
      'x-consumed-capacity',
      'x-export-rows',
      'x-export-truncated',
    ]);
  });
});

describe('least privilege', () => {
  it('lets no role anywhere Scan, use dynamodb:* or any wildcard action', () => {
    const actions = resourcesOf(allTemplates, 'AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .flatMap(actionsOf);

    expect(actions.length).toBeGreaterThan(0);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('grants only item-level table actions, never a managed policy', () => {
    const allowed = new Set<string>([...READ_ACTIONS, ...WRITE_ACTIONS]);
    const roles = resourcesOf(allTemplates, 'AWS::IAM::Role').filter((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    );

    const streamReaders = new Set(consumers.map(([name]) => name));
    for (const fn of functions) {
      const mayRead = streamReaders.has(fn.serves) ? new Set([...allowed, ...STREAM_ACTIONS]) : allowed;
      for (const { action } of dynamoActions(fn))
        expect(mayRead, `${fn.serves}: ${action}`).toContain(action);
    }
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(routeKeys.filter((k) => routes[k].access === 'read'))(
    '%s (read) reads and writes nothing but its idempotency records',
    (key) => {
      const actions = dynamoActions(functionFor(key));
      const unconditioned = actions.filter((a) => !a.conditioned).map((a) => a.action);
      const conditioned = actions.filter((a) => a.conditioned).map((a) => a.action);

      expect(new Set(unconditioned)).toEqual(new Set([...READ_ACTIONS, 'dynamodb:Query']));
      expect(conditioned.sort()).toEqual(key.startsWith('POST ') ? [...IDEMPOTENCY_ACTIONS].sort() : []);
    },
  );

  it('restricts the idempotency writes of read routes to idempotency partitions', () => {
    const conditioned = functions.flatMap((fn) =>
      fn.statements.filter(
        (s) => s.Condition !== undefined && actionsOf(s).some((a) => a.startsWith('dynamodb:')),
      ),
    );

    for (const statement of conditioned) {
      expect(statement.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [IDEMPOTENCY_PK_PATTERN] },
      });
    }
  });

  it.each(routeKeys.filter((k) => routes[k].access === 'readWrite'))(
    '%s (readWrite) may write items',
    (key) => {
      const unconditioned = dynamoActions(functionFor(key))
        .filter((a) => !a.conditioned)
        .map((a) => a.action);

      expect(unconditioned).toEqual(expect.arrayContaining([...READ_ACTIONS, ...WRITE_ACTIONS]));
    },
  );

  it('lets only SMS-sending functions publish to SNS, to phone numbers only', () => {
    const smsSenders = new Set([
      ...routeKeys.filter((k) => sendsSms(routes[k])),
      ...scheduledJobs.filter(([, job]) => sendsSms(job)).map(([name]) => name),
      ...consumers.filter(([, consumer]) => sendsSms(consumer)).map(([name]) => name),
    ]);

    for (const fn of functions) {
      const publishes = fn.statements.some((s) => actionsOf(s).includes('sns:Publish'));
      expect(publishes, fn.serves).toBe(smsSenders.has(fn.serves));
    }
  });

  it('lets only user management touch sign-in logins, and only with the admin calls it needs', () => {
    const managers = new Set<string>(
      routeKeys.filter((k) => 'managesLogins' in routes[k] && routes[k].managesLogins),
    );
    const clientManagers = new Set<string>(
      routeKeys.filter((k) => 'managesClients' in routes[k] && routes[k].managesClients),
    );

    for (const fn of functions) {
      const cognito = fn.statements.flatMap(actionsOf).filter((a) => a.startsWith('cognito-idp:'));
      const env = fn.properties.Environment.Variables;
      if (managers.has(fn.serves)) {
        expect(cognito.sort(), fn.serves).toEqual([
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminUpdateUserAttributes',
        ]);
        expect('USER_POOL_ID' in env, fn.serves).toBe(true);
      } else if (clientManagers.has(fn.serves)) {
        expect(cognito.sort(), fn.serves).toEqual([
          'cognito-idp:CreateUserPoolClient',
          'cognito-idp:DeleteUserPoolClient',
        ]);
        expect('USER_POOL_ID' in env, fn.serves).toBe(true);
      } else {
        expect(cognito, fn.serves).toEqual([]);
        expect('USER_POOL_ID' in env, fn.serves).toBe(false);
      }
    }
    expect(managers.size).toBe(3);
    expect(clientManagers.size).toBe(2);
  });
});

describe('tracing and metrics', () => {
  it('traces every function actively, each self-contained (no layer)', () => {
    expect(functions.length).toBeGreaterThan(routeKeys.length);
    for (const fn of functions) {
      expect(fn.properties.TracingConfig, fn.serves).toEqual({ Mode: 'Active' });
      expect(fn.properties.Layers, fn.serves).toBeUndefined();
    }
  });

  it('bundles the logger and its own X-Ray writer, never the X-Ray SDK, and metrics only where something is counted', async () => {
    const { metafile } = await build({
      ...BUILD_OPTIONS,
      entryPoints: ['functions/customers/get-customer.ts', 'functions/jobs/reclaim-pool.ts'],
      outdir: 'layer-check',
      write: false,
      sourcemap: false,
      metafile: true,
      logLevel: 'error',
    });
    const inputsOf = (entry: string) =>
      Object.keys(Object.values(metafile.outputs).find((o) => o.entryPoint === entry)?.inputs ?? {});
    for (const entry of ['functions/customers/get-customer.ts', 'functions/jobs/reclaim-pool.ts']) {
      const inputs = inputsOf(entry);
      expect(
        inputs.some((i) => i.includes('lib/tracing.ts')),
        entry,
      ).toBe(true);
      expect(
        inputs.some((i) => i.includes('@aws-lambda-powertools/logger')),
        entry,
      ).toBe(true);
      expect(
        inputs.filter((i) => /aws-xray-sdk|@aws-lambda-powertools\/tracer/.test(i)),
        entry,
      ).toEqual([]);
    }
    // The reclaim job counts what it reclaims; reading a customer counts nothing.
    expect(
      inputsOf('functions/jobs/reclaim-pool.ts').some((i) => i.includes('@aws-lambda-powertools/metrics')),
    ).toBe(true);
    expect(
      inputsOf('functions/customers/get-customer.ts').some((i) =>
        i.includes('@aws-lambda-powertools/metrics'),
      ),
    ).toBe(false);
  });
});

describe('logs and origins', () => {
  it('keeps access and function logs 180 days', () => {
    const groups = resourcesOf(templates, 'AWS::Logs::LogGroup').map((g) => g.Properties.RetentionInDays);

    expect(groups.length).toBeGreaterThan(100);
    expect(new Set(groups)).toEqual(new Set([180]));
  });

  it('allows "*" as a CORS origin in no deployed stage, and names the dev servers in dev', () => {
    expect(allowedOrigins('dev', undefined)).toEqual(['http://localhost:3000', 'http://localhost:5173']);
    expect(allowedOrigins('prod', ['https://crm.example.cn'])).toEqual(['https://crm.example.cn']);
    expect(() => allowedOrigins('prod', undefined)).toThrow(/crm:corsAllowOrigins/);
    expect(() => allowedOrigins('dev', ['*'])).toThrow(/local server only/);
  });
});

describe('schedules', () => {
  it('schedules every job whose handler exists, with its expression from lib/jobs.ts', () => {
    const schedules = resourcesOf(templates, 'AWS::Scheduler::Schedule').map((s) => s.Properties);

    expect(schedules).toHaveLength(scheduledJobs.length);
    for (const [name, job] of scheduledJobs) {
      const fn = functionFor(name);
      const schedule = schedules.find((s) => s.Description === job.summary);
      expect(schedule, name).toMatchObject({
        ScheduleExpression: job.schedule,
        State: 'ENABLED',
        Target: {
          Arn: expect.anything(),
          RetryPolicy: { MaximumRetryAttempts: 2 },
          DeadLetterConfig: { Arn: expect.anything() },
        },
      });
      expect(fn.properties.Timeout).toBeLessThan(300);
    }
  });
});

describe('stream consumers', () => {
  it.each(consumers)('%s is invoked by the table stream for changes of its item types only', (name, spec) => {
    const fn = functionFor(name);
    const mappings = resourcesOf(templates, 'AWS::Lambda::EventSourceMapping');
    // The function's logical id starts with the consumer's name in PascalCase (sms-broadcasts: SmsBroadcasts).
    const id = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
    const mapping = mappings.find((m) => String(m.Properties.FunctionName.Ref).startsWith(`${id}Function`));

    expect(fn.properties.Timeout).toBe(spec.timeoutSeconds);
    expect(mappings).toHaveLength(consumers.length);
    expect(mapping?.Properties).toMatchObject({
      BatchSize: spec.batchSize,
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: expect.any(Number),
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const patterns = mapping?.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) =>
      JSON.parse(f.Pattern),
    );
    const written = spec.on.events.filter((e) => e !== 'REMOVE');
    if (written.length)
      expect(patterns).toContainEqual({
        eventName: written,
        dynamodb: { NewImage: { type: { S: [...spec.on.itemTypes] } } },
      });
    if ((spec.on.events as readonly string[]).includes('REMOVE'))
      expect(patterns).toContainEqual({
        eventName: ['REMOVE'],
        dynamodb: { OldImage: { type: { S: [...spec.on.itemTypes] } } },
      });
    expect(fn.statements.some((s) => actionsOf(s).includes('dynamodb:GetRecords'))).toBe(true);
  });

  it('alarms when records wait on the stream, and when a batch or a job lands in its failure queue', () => {
    const alarms = resourcesOf(templates, 'AWS::CloudWatch::Alarm').map((a) => a.Properties);
    const queues = resourcesOf(templates, 'AWS::SQS::Queue').map((q) => q.Properties);

    expect(alarms.filter((a) => a.MetricName === 'IteratorAge')).toHaveLength(consumers.length);
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const queue of queues)
      expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  it('alarms on every failed SMS the broadcast worker logs', () => {
    const filters = resourcesOf(templates, 'AWS::Logs::MetricFilter');

    expect(
      filters.filter((f) => f.Properties.MetricTransformations[0].MetricName !== 'WebhookDisabled'),
    ).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          FilterPattern: '{ $.smsStatus = "failed" }',
          MetricTransformations: [expect.objectContaining({ MetricName: 'SmsFailed', MetricValue: '1' })],
        }),
      }),
    ]);
  });
});

describe('domain events and webhooks', () => {
  it('gives the events consumer the bus to publish to, and no one else', () => {
    const publishers = functions.filter((f) =>
      f.statements.some((st) => actionsOf(st).includes('events:PutEvents')),
    );

    expect(publishers.map((f) => f.serves)).toEqual(['events']);
    expect('EVENT_BUS_NAME' in (publishers[0]?.properties.Environment.Variables ?? {})).toBe(true);
  });

  it('routes the bus to each event consumer through a rule with retries and a dead-letter queue', () => {
    const rules = resourcesOf(templates, 'AWS::Events::Rule').filter((r) => r.Properties.EventPattern);

    expect(rules).toHaveLength(eventTargets.length);
    for (const rule of rules) {
      expect(rule.Properties.EventPattern).toMatchObject({ source: ['crm'] });
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          DeadLetterConfig: { Arn: expect.anything() },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        }),
      ]);
    }
  });

  it('attempts webhook deliveries every minute, with a dead-letter queue for runs that never start', () => {
    const schedule = resourcesOf(templates, 'AWS::Scheduler::Schedule').find(
      (s) => s.Properties.ScheduleExpression === 'rate(1 minute)',
    );

    expect(schedule?.Properties.Target.DeadLetterConfig).toEqual({ Arn: expect.anything() });
  });
});

describe('webhook secrets key', () => {
  const flagged = (spec: object) => 'webhookSecrets' in spec && spec.webhookSecrets === true;
  const readers = new Set([
    ...Object.entries(routes)
      .filter(([, spec]) => flagged(spec))
      .map(([key]) => key),
    ...Object.entries(jobs)
      .filter(([, spec]) => flagged(spec))
      .map(([name]) => name),
    ...Object.entries(eventConsumers)
      .filter(([, spec]) => flagged(spec))
      .map(([name]) => name),
  ]);

  it('every handler that bundles the webhook secrets says so in its spec', async () => {
    const specs = [
      ...Object.values(routes),
      ...Object.values(jobs),
      ...Object.values(streamConsumers),
      ...Object.values(eventConsumers),
    ];
    const { metafile } = await build({
      ...BUILD_OPTIONS,
      entryPoints: [...new Set(specs.map((s) => s.handler))],
      outdir: 'webhook-secrets-check',
      write: false,
      sourcemap: false,
      metafile: true,
      logLevel: 'error',
    });
    const opening = Object.values(metafile.outputs)
      .filter((o) => o.entryPoint && Object.keys(o.inputs).some((i) => i.endsWith('lib/webhooks/secrets.ts')))
      .map((o) => o.entryPoint)
      .sort();
    const declared = [...new Set(specs.filter(flagged).map((s) => s.handler))].sort();
    expect(opening).toEqual(declared);
  }, 120_000);

  it('is given, as a deploy-time reference, to the functions that read webhooks and no other', () => {
    expect(readers.size).toBe(8);
    for (const fn of functions) {
      const kek = fn.properties.Environment.Variables.WEBHOOK_SECRETS_KEK;
      if (readers.has(fn.serves))
        expect(JSON.stringify(kek), fn.serves).toContain('{{resolve:secretsmanager:');
      else expect(kek, fn.serves).toBeUndefined();
    }
  });
});
