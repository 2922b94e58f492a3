import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { filesBucketName, StatefulStack } from '#infra/aws/stateful-stack.ts';
import { StatelessStack } from '#infra/aws/stateless-stack.ts';
import { eventConsumers, jobs, streamConsumers } from '#lib/jobs.ts';
import { routes } from '#lib/routes.ts';

/**
 * The whole deployment, read from context (cdk.json or `-c key=value`):
 * - `crm:stage`: name of this copy (dev, prod, ...), part of every stack name;
 * - `crm:corsAllowOrigins`: the front ends' origins;
 * - `crm:alarmEmail`: optional address alarms are mailed to;
 * - `crm:account` / `crm:region`: optional; without them the stacks are environment-agnostic, so
 *   synth needs neither credentials nor lookups.
 */
/** A front end's dev server may call the dev stage; every other stage names its front ends. */
const DEV_ORIGINS = ['http://localhost:3000', 'http://localhost:5173'];

/** The origins browsers may call a stage from: never `*` once deployed (the local server allows any). */
export function allowedOrigins(stage: string, configured: unknown): string[] {
  const origins = configured === undefined && stage === 'dev' ? DEV_ORIGINS : configured;
  if (!Array.isArray(origins) || !origins.length || origins.some((o) => typeof o !== 'string' || o === '*'))
    throw new Error(
      `Stage ${stage}: set crm:corsAllowOrigins (cdk.json or -c) to the front ends' origins, e.g. ["https://crm.example.cn"]; "*" is for the local server only.`,
    );
  return origins as string[];
}

export function defineCrm(app: App) {
  const stage = String(app.node.tryGetContext('crm:stage') ?? 'dev');
  const corsAllowOrigins = allowedOrigins(stage, app.node.tryGetContext('crm:corsAllowOrigins'));
  const alarmEmail = app.node.tryGetContext('crm:alarmEmail') as string | undefined;
  const account = app.node.tryGetContext('crm:account') as string | undefined;
  const region = app.node.tryGetContext('crm:region') as string | undefined;
  const env = account && region ? { account, region } : undefined;

  const stateful = new StatefulStack(app, `crm-${stage}-stateful`, {
    env,
    description: 'CRM data: table, SMS topic, user pool, attachments bucket',
    terminationProtection: true,
    corsAllowOrigins,
    filesBucketName: filesBucketName(stage),
  });
  const stateless = new StatelessStack(app, `crm-${stage}-stateless`, {
    env,
    description: 'CRM API, functions, schedules and alarms',
    table: stateful.table,
    smsTopic: stateful.smsTopic,
    filesBucketName: filesBucketName(stage),
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    routes,
    jobs,
    streamConsumers,
    eventBus: stateful.eventBus,
    eventConsumers,
    corsAllowOrigins,
    alarmEmail,
  });
  Tags.of(app).add('app', 'crm');
  Tags.of(app).add('stage', stage);

  // cdk-nag 3 is a validation plugin: synth fails on any finding that is not acknowledged in code
  // (Validations.of(construct).acknowledge, next to the construct it is about, with its reason).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}
