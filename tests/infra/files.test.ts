import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '#lib/http/route.ts';
import { routes } from '#lib/routes.ts';
import { actionsOf, buildCrmApp, type FunctionView, functionsOf, templatesOf } from '#tests/infra/crm-app.ts';

let stateful: Template;
let functions: FunctionView[];

beforeAll(() => {
  const app = buildCrmApp({ templatesOnly: true });
  [stateful] = templatesOf(app.stateful) as [Template];
  functions = functionsOf(templatesOf(app.stateless));
});

describe('the attachments bucket', () => {
  it('is private, encrypted, TLS only, retained, and logs access elsewhere', () => {
    stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files/' }),
        CorsConfiguration: {
          CorsRules: [
            Match.objectLike({
              AllowedMethods: ['PUT', 'GET', 'HEAD'],
              AllowedHeaders: ['content-type', 'content-length', 'x-amz-tagging'],
            }),
          ],
        },
      }),
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('aborts incomplete multipart uploads and expires uploads never confirmed (tagged pending)', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
          Match.objectLike({
            ExpirationInDays: 2,
            TagFilters: [{ Key: 'state', Value: 'pending' }],
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });
});

describe('grants on the attachments bucket', () => {
  const s3Actions = (fn: FunctionView) =>
    fn.statements
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('s3:'))
      .sort();
  const expected: Record<string, string[]> = {
    'POST /v1/attachments': ['s3:PutObject', 's3:PutObjectTagging'],
    'POST /v1/attachments/{id}/complete': ['s3:DeleteObject', 's3:GetObject', 's3:PutObjectTagging'],
    'GET /v1/attachments/{id}': ['s3:GetObject'],
    'DELETE /v1/attachments/{id}': ['s3:DeleteObject'],
    // Signs the download link of a finished export job.
    'GET /v1/jobs/{id}': ['s3:GetObject'],
    // The stream consumer that runs background jobs stores an export's file.
    'background-jobs': ['s3:PutObject'],
  };

  it('go to the functions whose route declares file actions, with exactly those, on objects only', () => {
    const declared = Object.entries(routes as Record<string, RouteSpec>).filter(([, r]) => r.files?.length);
    expect(declared.map(([key]) => key).sort()).toEqual(
      Object.keys(expected)
        .filter((key) => key.includes(' /'))
        .sort(),
    );
    for (const fn of functions) {
      const env = fn.properties.Environment.Variables;
      expect(s3Actions(fn), fn.serves).toEqual(expected[fn.serves] ?? []);
      expect('FILES_BUCKET' in env, fn.serves).toBe(fn.serves in expected);
      for (const s of fn.statements.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')))) {
        expect(JSON.stringify(s.Resource), fn.serves).toMatch(/\/\*"\]\]\}$/);
      }
    }
  });
});
