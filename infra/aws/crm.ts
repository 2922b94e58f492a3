import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_REGION, planRegion } from '#infra/aws/regions.ts';
import { filesBucketName, StatefulStack } from '#infra/aws/stateful-stack.ts';
import { StatelessStack } from '#infra/aws/stateless-stack.ts';
import { eventConsumers, jobs, streamConsumers } from '#lib/jobs.ts';
import { routes } from '#lib/routes.ts';

/**
 * The whole deployment, read from context (cdk.json or `-c key=value`):
 * - `crm:stage`: name of this copy (dev, prod, ...), part of every stack name;
 * - `crm:region`: where it runs (cdk.json: ap-southeast-1); refused at synth when the region lacks a
 *   service the stack needs (infra/aws/regions.ts says which and what to do);
 * - `crm:account`: optional; without it the stacks are account-agnostic, so synth needs neither
 *   credentials nor lookups;
 * - `crm:corsAllowOrigins`: the front ends' origins;
 * - `crm:alarmEmail`: optional address the alarm topic mails (the recipient confirms once);
 * - `crm:sesFromEmail` (+ optional `crm:sesFromName`, `crm:sesRegion`): Cognito sends its e-mail
 *   (invitations, codes) through SES from this verified address instead of its own sender, which
 *   is capped at about 50 messages a day;
 * - `crm:oidcIssuer` + `crm:oidcAudiences`: an external OpenID Connect issuer the API trusts instead
 *   of a Cognito user pool (required in the China regions, which have no user pools).
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
  const context = (key: string) => app.node.tryGetContext(`crm:${key}`) as unknown;
  const text = (key: string) => {
    const value = context(key);
    return typeof value === 'string' && value ? value : undefined;
  };
  const alarmEmail = text('alarmEmail');
  const account = text('account');
  const plan = planRegion({
    region: text('region') ?? DEFAULT_REGION,
    oidcIssuer: context('oidcIssuer'),
    oidcAudiences: context('oidcAudiences'),
  });
  // The region is always concrete, so the partition and the checks above are known
  // at synth; the account may stay a deploy-time token.
  const env = { region: plan.region, ...(account ? { account } : {}) };
  const sesFromEmail = text('sesFromEmail');
  const email = sesFromEmail
    ? { fromEmail: sesFromEmail, fromName: text('sesFromName'), sesRegion: text('sesRegion') }
    : undefined;

  const stateful = new StatefulStack(app, `crm-${stage}-stateful`, {
    env,
    description: 'CRM data: table, user pool, event bus, attachments bucket, webhook secrets key',
    terminationProtection: true,
    corsAllowOrigins,
    filesBucketName: filesBucketName(stage),
    identity: plan.identity,
    email,
  });
  const stateless = new StatelessStack(app, `crm-${stage}-stateless`, {
    env,
    description: 'CRM API, functions, schedules and alarms',
    table: stateful.table,
    filesBucketName: filesBucketName(stage),
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    routes,
    jobs,
    streamConsumers,
    eventBus: stateful.eventBus,
    webhookSecretsKek: stateful.webhookSecretsKek,
    eventConsumers,
    corsAllowOrigins,
    alarmEmail,
    plan,
  });
  Tags.of(app).add('app', 'crm');
  Tags.of(app).add('stage', stage);

  // cdk-nag 3 is a validation plugin: synth fails on any finding that is not acknowledged in code
  // (Validations.of(construct).acknowledge, next to the construct it is about, with its reason).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, plan };
}
