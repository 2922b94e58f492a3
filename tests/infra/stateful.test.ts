import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableSchema } from '#lib/db/keys.ts';
import { CLAIMS } from '#lib/http/auth.ts';
import { ALL_PERMISSIONS, RESOURCE_SERVER } from '#lib/org/permissions.ts';
import { buildCrmApp, templatesOf } from '#tests/infra/crm-app.ts';

let template: Template;

beforeAll(() => {
  const { stateful } = buildCrmApp({ templatesOnly: true });
  [template] = templatesOf(stateful) as [Template];
});

describe('table', () => {
  it('is built from tableSchema: keys, every GSI projecting ALL, stream and TTL', () => {
    const attributes = new Set<string>([tableSchema.partitionKey, tableSchema.sortKey]);
    for (const gsi of tableSchema.globalSecondaryIndexes) attributes.add(gsi.partitionKey).add(gsi.sortKey);

    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(
        [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          gsi.projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...gsi.projection.attributes] }
            : { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is on demand, recoverable to a point in time, and survives stack deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });
});

describe('user pool', () => {
  it('carries the tenant and user as immutable custom attributes, the claims lib/http/auth.ts reads', () => {
    const attribute = (claim: string) => ({
      Name: claim.replace('custom:', ''),
      AttributeDataType: 'String',
      Mutable: false,
    });

    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike(attribute(CLAIMS.tenantId)),
        Match.objectLike(attribute(CLAIMS.userId)),
      ]),
    });
  });

  it('names logins by the user id alone: no e-mail sign-in alias, which is unique across all tenants', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    const props = pool?.Properties;

    // Neither the e-mail address as username nor as an alias: one tenant could then reach or
    // squat on another tenant's login.
    expect(props).not.toHaveProperty('UsernameAttributes');
    expect(props).not.toHaveProperty('AliasAttributes');
    expect(props).toMatchObject({
      UsernameConfiguration: { CaseSensitive: false },
      // The address still receives the invitation and recovery codes: verified, and a changed
      // address replaces the old one only once verified.
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('tells an invited person their sign-in name and temporary password', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    const invitation = pool?.Properties.AdminCreateUserConfig.InviteMessageTemplate;

    expect(invitation.EmailMessage).toContain('{username}');
    expect(invitation.EmailMessage).toContain('{####}');
    expect(invitation.EmailSubject).toEqual(expect.any(String));
  });

  it('lets only administrators create users, with a strong password and optional MFA', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'OPTIONAL',
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('has a public SRP client that can read the tenant claims but never write them', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const [client] = Object.values(clients);

    expect(Object.keys(clients)).toHaveLength(1);
    expect(client?.Properties).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']),
      ReadAttributes: expect.arrayContaining([CLAIMS.tenantId, CLAIMS.userId]),
    });
    expect(client?.Properties.WriteAttributes).not.toContain(CLAIMS.tenantId);
    expect(client?.Properties.WriteAttributes).not.toContain(CLAIMS.userId);
  });
});

describe('SMS', () => {
  it('keeps no topic of its own: what became of each message is on its recipient and a domain event', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('integrations', () => {
  it('has an event bus with an archive of every domain event', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['crm'] },
      RetentionDays: 365,
    });
  });

  it('has a resource server with one scope per permission, for machine clients', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: RESOURCE_SERVER,
      Scopes: ALL_PERMISSIONS.map((p) => ({ ScopeName: p, ScopeDescription: Match.anyValue() })),
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});
