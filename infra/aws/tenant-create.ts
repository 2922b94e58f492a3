/**
 * Creates a tenant in AWS: its records in the table (roles, first administrator, settings) and
 * that administrator's Cognito login, which carries the tenant and user claims the API trusts.
 *
 *   npm run tenant:create -- --name 某某科技 --admin-name 张三 --admin-email zhang@example.cn \
 *     --user-pool-id cn-north-1_abc --table-name crm-dev-stateful-Table... [--timezone Asia/Shanghai]
 *     [--admin-phone +8613800000000] [--region cn-north-1]
 *
 * The user pool id and table name are outputs of the stateful stack; USER_POOL_ID, TABLE_NAME and
 * AWS_REGION may be given as environment variables instead. Cognito e-mails the administrator their
 * sign-in name (the user id, also printed here) and a temporary password. Without a user pool (a
 * stack trusting an external OpenID Connect issuer) only the records are written: the issuer's
 * tokens for that person must carry the printed tenant and user ids as custom:tenantId and
 * custom:userId.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { CLAIMS } from '#lib/http/auth.ts';
import { cognitoLogins } from '#lib/org/logins.ts';
import { useTable } from './operator-env.ts';

const Args = z.strictObject({
  name: z.string().trim().min(1),
  'admin-name': z.string().trim().min(1),
  'admin-email': z.email(),
  'admin-phone': z.string().optional(),
  timezone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone')
    .default('Asia/Shanghai'),
  'user-pool-id': z.string().min(1).optional(),
  'table-name': z.string().min(3),
  region: z.string().min(1),
});
export type TenantCreateArgs = z.infer<typeof Args>;

export function parseTenantCreateArgs(argv: string[], env: NodeJS.ProcessEnv): TenantCreateArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      name: { type: 'string' },
      'admin-name': { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-phone': { type: 'string' },
      timezone: { type: 'string' },
      'user-pool-id': { type: 'string', default: env.USER_POOL_ID },
      'table-name': { type: 'string', default: env.TABLE_NAME },
      region: { type: 'string', default: env.AWS_REGION },
    },
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid arguments:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

type Cognito = Pick<CognitoIdentityProviderClient, 'send'>;

export async function tenantCreate(args: TenantCreateArgs, cognito: Cognito) {
  useTable(args['table-name'], args.region);
  const { provisionTenant } = await import('#lib/tenants/provision.ts');
  const { tenant, admin } = await provisionTenant({
    name: args.name,
    timezone: args.timezone,
    admin: { name: args['admin-name'], email: args['admin-email'], phone: args['admin-phone'] },
  });
  // The same login every user gets (lib/org/logins.ts): named by the user id, which is unique across
  // tenants, so no address typed in here can collide with, or reach, another tenant's login.
  const login = { tenantId: tenant.id, userId: admin.id, email: args['admin-email'] };
  const userPoolId = args['user-pool-id'];
  if (!userPoolId)
    return {
      tenantId: tenant.id,
      adminUserId: admin.id,
      email: login.email,
      signIn: `through your OpenID Connect issuer, whose tokens for this person carry ${CLAIMS.tenantId}=${tenant.id} and ${CLAIMS.userId}=${admin.id}`,
    };
  try {
    await cognitoLogins(cognito, userPoolId).create(login);
  } catch (error) {
    throw new Error(
      `Tenant ${tenant.id} and its administrator ${admin.id} were created, but the login was not ` +
        `(${(error as Error).message}). Create it with:\n  aws cognito-idp admin-create-user ` +
        `--user-pool-id ${userPoolId} --username ${login.userId} --desired-delivery-mediums EMAIL ` +
        `--user-attributes Name=email,Value=${login.email} Name=email_verified,Value=true ` +
        `Name=${CLAIMS.tenantId},Value=${login.tenantId} Name=${CLAIMS.userId},Value=${login.userId}`,
    );
  }
  // The administrator signs in with the user id (also in the invitation e-mail), not the address.
  return { tenantId: tenant.id, adminUserId: admin.id, signInName: login.userId, email: login.email };
}

async function main() {
  const args = parseTenantCreateArgs(process.argv.slice(2), process.env);
  const cognito = new CognitoIdentityProviderClient({ region: args.region });
  try {
    console.log(JSON.stringify(await tenantCreate(args, cognito), null, 2));
  } finally {
    cognito.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
