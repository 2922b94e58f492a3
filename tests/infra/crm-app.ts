import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defineCrm } from '#infra/aws/crm.ts';
import { handlerPath, ROOT } from '#infra/aws/handler-bundles.ts';
import { jobs } from '#lib/jobs.ts';

/**
 * The app exactly as `cdk synth` builds it (same cdk.json context), except that assets are not
 * bundled: Template assertions read the template, not the bundle, and bundling ~100 functions
 * takes minutes. The bundles themselves are built by `npm run synth`.
 *
 * `templatesOnly` also skips CDK's built-in CloudFormation schema validation (~15 s a synth) for
 * tests that only read templates; the synth test in nag.test.ts runs it.
 */
export function buildCrmApp({
  templatesOnly = false,
  context = {},
}: {
  templatesOnly?: boolean;
  context?: Record<string, unknown>;
} = {}) {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'));
  const app = new App({
    context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: !templatesOnly,
  });
  return { app, ...defineCrm(app) };
}

/** The jobs that get a function and a schedule: those whose handler module exists already. */
export const scheduledJobs = Object.entries(jobs).filter(([, job]) => existsSync(handlerPath(job.handler)));

/** A stack's template and those of its nested stacks (where the functions live). */
export function templatesOf(stack: Stack): Template[] {
  const nested = stack.node.findAll().filter(NestedStack.isNestedStack);
  return [Template.fromStack(stack), ...nested.map((n) => Template.fromStack(n))];
}

type Json = Record<string, any>;

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Json;
}

export const actionsOf = (statement: Statement) => [statement.Action].flat();

export function resourcesOf(templates: Template[], type: string): Json[] {
  return templates.flatMap((t) => Object.values(t.findResources(type)));
}

export interface FunctionView {
  /** The route key or job name the function serves (the start of its description). */
  serves: string;
  properties: Json;
  statements: Statement[];
}

/**
 * Every function with the statements of every policy attached to its role, found by logical id
 * in the function's own template.
 */
export function functionsOf(templates: Template[]): FunctionView[] {
  return templates.flatMap((template) => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    return Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = policies
        .filter((p) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
      return {
        serves: String(fn.Properties.Description).split(': ')[0] as string,
        properties: fn.Properties,
        statements,
      };
    });
  });
}
