import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REGION, planRegion } from '#infra/aws/regions.ts';
import { routes } from '#lib/routes.ts';
import { buildCrmApp, functionsOf, resourcesOf, templatesOf } from '#tests/infra/crm-app.ts';

const ISSUER = 'https://idp.example.cn/realms/crm';

describe('the region check', () => {
  it('takes the default region, where every service exists, with a Cognito user pool and SNS SMS', () => {
    const plan = planRegion({ region: DEFAULT_REGION });

    expect(plan).toMatchObject({ partition: 'aws', identity: { kind: 'cognito' }, sms: 'sns' });
  });

  it('refuses cn-north-1 without an external issuer, naming what is missing and what to set', () => {
    expect(() => planRegion({ region: 'cn-north-1' })).toThrow(
      /no Cognito user pools.*no SNS SMS.*crm:oidcIssuer.*crm:oidcAudiences/,
    );
  });

  it('accepts cn-north-1 with an issuer and its audiences, trusting the issuer instead of Cognito', () => {
    const plan = planRegion({
      region: 'cn-north-1',
      oidcIssuer: ISSUER,
      oidcAudiences: '["crm-web","crm-mobile"]',
    });

    expect(plan).toEqual({
      region: 'cn-north-1',
      partition: 'aws-cn',
      identity: { kind: 'oidc', issuer: ISSUER, audiences: ['crm-web', 'crm-mobile'] },
      sms: 'adapter',
    });
  });

  it('needs nothing more in cn-northwest-1: no function depends on a layer AWS would have to publish there', () => {
    expect(
      planRegion({ region: 'cn-northwest-1', oidcIssuer: ISSUER, oidcAudiences: ['crm-web'] }),
    ).toMatchObject({
      partition: 'aws-cn',
      sms: 'adapter',
    });
  });

  it('refuses an issuer without audiences, or one that is not https', () => {
    expect(() => planRegion({ region: 'cn-north-1', oidcIssuer: ISSUER })).toThrow(/crm:oidcAudiences/);
    expect(() =>
      planRegion({ region: 'cn-north-1', oidcIssuer: 'http://idp.example.cn', oidcAudiences: ['crm-web'] }),
    ).toThrow(/https/);
  });

  it('refuses a region nobody has checked, saying where to add it', () => {
    expect(() => planRegion({ region: 'ap-east-1' })).toThrow(/infra\/aws\/regions\.ts/);
  });

  it('stops the synth itself, before any stack is built', () => {
    expect(() => buildCrmApp({ templatesOnly: true, context: { 'crm:region': 'cn-north-1' } })).toThrow(
      /crm:oidcIssuer/,
    );
  });
});

describe('the default deployment', () => {
  let built: ReturnType<typeof buildCrmApp>;
  beforeAll(() => {
    built = buildCrmApp({
      templatesOnly: true,
      context: { 'crm:alarmEmail': 'ops@example.cn', 'crm:sesFromEmail': 'no-reply@example.cn' },
    });
  });

  it('deploys both stacks to the region of cdk.json', () => {
    expect(built.stateful.region).toBe(DEFAULT_REGION);
    expect(built.stateless.region).toBe(DEFAULT_REGION);
  });

  it('mails the alarms to the configured address', () => {
    const subscriptions = resourcesOf(templatesOf(built.stateless), 'AWS::SNS::Subscription');

    expect(subscriptions.map((s) => s.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.cn' }),
    ]);
  });

  it("sends Cognito's e-mail through SES from the configured address", () => {
    const [pool] = resourcesOf(templatesOf(built.stateful), 'AWS::Cognito::UserPool');

    expect(pool?.Properties.EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'no-reply@example.cn',
    });
  });
});

describe('a China deployment with an external issuer', () => {
  let built: ReturnType<typeof buildCrmApp>;
  beforeAll(() => {
    built = buildCrmApp({
      templatesOnly: true,
      context: {
        'crm:region': 'cn-north-1',
        'crm:oidcIssuer': ISSUER,
        'crm:oidcAudiences': ['crm-web'],
      },
    });
  });

  it('creates no user pool and trusts the issuer in a JWT authorizer', () => {
    const stateless = templatesOf(built.stateless);

    expect(resourcesOf(templatesOf(built.stateful), 'AWS::Cognito::UserPool')).toEqual([]);
    expect(resourcesOf(stateless, 'AWS::ApiGatewayV2::Authorizer').map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        AuthorizerType: 'JWT',
        JwtConfiguration: { Issuer: ISSUER, Audience: ['crm-web'] },
      }),
    ]);
  });

  it('deploys no API client routes (machine clients are the issuer’s) and keeps no logins in step', () => {
    const stateless = templatesOf(built.stateless);
    const keys = resourcesOf(stateless, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    const clientRoutes = Object.entries(routes).filter(([, r]) => 'managesClients' in r && r.managesClients);
    const loginRoutes = Object.entries(routes).filter(([, r]) => 'managesLogins' in r && r.managesLogins);
    const functions = functionsOf(stateless);

    expect(clientRoutes.length).toBeGreaterThan(0);
    for (const [key] of clientRoutes) expect(keys).not.toContain(key);
    for (const [key] of loginRoutes) {
      const fn = functions.find((f) => f.serves === key);
      expect(fn?.properties.Environment.Variables, key).toMatchObject({ IDENTITY_PROVIDER: 'oidc' });
      expect(fn?.properties.Environment.Variables.USER_POOL_ID, key).toBeUndefined();
    }
  });

  it('warns at synth that SMS need an adapter there', () => {
    const warnings = Annotations.fromStack(built.stateless).findWarning(
      '*',
      Match.stringLikeRegexp('SmsSender adapter'),
    );

    expect(warnings).toHaveLength(1);
  });

  it('passes cdk-nag', () => {
    const report = new AwsSolutionsChecks().validateScope(built.app);

    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
