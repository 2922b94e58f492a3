/**
 * Where the stack can run. Synth refuses a region that lacks a service the stack needs, instead of
 * a deployment that fails half-way (or, worse, one that deploys and never sends an SMS).
 */

/** The AWS services the stack depends on, as the AWS regional services list names them. */
export const SERVICES = {
  cognito: 'Cognito user pools (sign-in, machine clients)',
  smsSns: 'SNS SMS (text messages to phones)',
  scheduler: 'EventBridge Scheduler (the jobs)',
  eventBridge: 'EventBridge event bus with archive (domain events)',
  httpApi: 'API Gateway HTTP API with JWT authorizers',
  dynamodb: 'DynamoDB with streams and point-in-time recovery',
  s3: 'S3 (attachments)',
  xray: 'X-Ray (tracing)',
} as const;

export type Service = keyof typeof SERVICES;

/** Where a new copy goes unless `crm:region` says otherwise: closest to mainland China with every service. */
export const DEFAULT_REGION = 'ap-southeast-1';

/**
 * Regions checked against the AWS regional services list and the SNS SMS supported-regions page
 * (2026-12) to offer every service above. A region missing here is refused until someone checks it
 * and adds it: an unknown region is never assumed to work.
 */
const VERIFIED = new Set([
  'ap-southeast-1',
  'ap-northeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'eu-central-1',
  'eu-west-1',
  'us-east-1',
  'us-west-2',
]);

/**
 * The China partition (operated by Sinnet and NWCD): no Cognito user pools and no SNS SMS.
 */
const CHINA: Record<string, Service[]> = {
  'cn-north-1': ['cognito', 'smsSns'],
  'cn-northwest-1': ['cognito', 'smsSns'],
};

/** An external OpenID Connect issuer: the JWT authorizer trusts it instead of a Cognito user pool. */
export interface OidcIssuer {
  /** The `iss` of its tokens (https://...); API Gateway reads its keys from the discovery document. */
  issuer: string;
  /** The `aud` (or, without one, `client_id`) values a token may carry. */
  audiences: string[];
}

/** How identity and SMS work in the chosen region. */
export interface RegionPlan {
  region: string;
  partition: 'aws' | 'aws-cn';
  /** `cognito`: a user pool of this stack; `oidc`: the configured external issuer. */
  identity: { kind: 'cognito' } | ({ kind: 'oidc' } & OidcIssuer);
  /** `sns`: SNS publishes SMS; `adapter`: an SmsSender adapter for a local provider must be wired in. */
  sms: 'sns' | 'adapter';
}

export interface RegionInput {
  region: string;
  oidcIssuer?: unknown;
  oidcAudiences?: unknown;
}

const HOW_TO_CHOOSE = `Choose a region with -c crm:region=<region> (cdk.json holds the default, ${DEFAULT_REGION}); checked regions: ${[...VERIFIED].join(', ')}.`;

/**
 * Decides how the stack runs in a region, or throws a message that names what is missing and what
 * to do. Pure, so a test can walk it through every case without synthesizing anything.
 */
export function planRegion(input: RegionInput): RegionPlan {
  const { region } = input;
  const oidc = oidcIssuerOf(input);
  const lacking = CHINA[region];
  if (lacking) {
    if (!oidc)
      throw new Error(
        `Region ${region} has no ${SERVICES.cognito} and no ${SERVICES.smsSns}. To deploy there, configure an external OpenID Connect issuer: -c crm:oidcIssuer=https://idp.example.cn -c crm:oidcAudiences='["crm-web"]' (README, Deploy to the China regions). Otherwise: ${HOW_TO_CHOOSE}`,
      );
    return {
      region,
      partition: 'aws-cn',
      identity: { kind: 'oidc', ...oidc },
      sms: 'adapter',
    };
  }
  if (!VERIFIED.has(region))
    throw new Error(
      `Region ${region} is not known to offer every service the stack uses (${Object.values(SERVICES).join('; ')}). Check it against the AWS regional services list and add it to infra/aws/regions.ts, or: ${HOW_TO_CHOOSE}`,
    );
  return {
    region,
    partition: 'aws',
    identity: oidc ? { kind: 'oidc', ...oidc } : { kind: 'cognito' },
    sms: 'sns',
  };
}

function oidcIssuerOf({ oidcIssuer, oidcAudiences }: RegionInput): OidcIssuer | undefined {
  if (oidcIssuer === undefined && oidcAudiences === undefined) return undefined;
  const audiences = typeof oidcAudiences === 'string' ? parseList(oidcAudiences) : oidcAudiences;
  if (
    typeof oidcIssuer !== 'string' ||
    !/^https:\/\/[^\s/]+/.test(oidcIssuer) ||
    !Array.isArray(audiences) ||
    !audiences.length ||
    audiences.some((a) => typeof a !== 'string' || !a)
  )
    throw new Error(
      'An external issuer needs both crm:oidcIssuer (an https URL, the tokens\' "iss") and crm:oidcAudiences (a non-empty list of the "aud" values its tokens carry).',
    );
  return { issuer: oidcIssuer, audiences: audiences as string[] };
}

/** `-c key=value` gives strings: a JSON list or a comma-separated one. */
function parseList(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.split(',').map((s) => s.trim());
  }
}
