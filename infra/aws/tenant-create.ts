/**
 * Creates a tenant in AWS: its records in the table (roles, first administrator, settings) and
 * that administrator's Cognito login, which carries the tenant and user claims the API trusts.
 *
 *   npm run tenant:create -- --name 某某科技 --admin-name 张三 --admin-email zhang@example.cn \
 *     --user-pool-id cn-north-1_abc --table-name crm-dev-stateful-Table... [--timezone Asia/Shanghai]
 *     [--admin-phone +8613800000000] [--region cn-north-1]
 *
 * The user pool id and table name are outputs of the stateful stack; USER_POOL_ID, TABLE_NAME and
 * AWS_REGION may be given as environment variables instead. Cognito e-mails the administrator a
 * temporary password.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { CLAIMS } from '#lib/http/auth.ts';

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
  'user-pool-id': z.string().min(1),
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

export interface AdminLogin {
  userPoolId: string;
  tenantId: string;
  userId: string;
  name: string;
  email: string;
}

/** Whether the e-mail address is taken already: a login belongs to exactly one tenant. */
export async function loginExists(cognito: Cognito, userPoolId: string, email: string): Promise<boolean> {
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
    return true;
  } catch (error) {
    if (error instanceof UserNotFoundException) return false;
    throw error;
  }
}

/** The administrator's login: the e-mail address is the username, the claims are fixed for good. */
export async function createAdminLogin(cognito: Cognito, login: AdminLogin): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: login.userPoolId,
      Username: login.email,
      UserAttributes: [
        { Name: 'email', Value: login.email },
        // The operator typed it in for this person; it must be verified for password recovery.
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: login.name },
        { Name: CLAIMS.tenantId, Value: login.tenantId },
        { Name: CLAIMS.userId, Value: login.userId },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
}

export async function tenantCreate(args: TenantCreateArgs, cognito: Cognito) {
  if (await loginExists(cognito, args['user-pool-id'], args['admin-email'])) {
    throw new Error(`${args['admin-email']} already has a login; each login belongs to one tenant.`);
  }
  // lib/config.ts reads the environment once, on first use: set it before loading the domain.
  process.env.TABLE_NAME = args['table-name'];
  process.env.AWS_REGION = args.region;
  const { provisionTenant } = await import('#lib/org/provision.ts');
  const { tenant, admin } = await provisionTenant({
    name: args.name,
    timezone: args.timezone,
    admin: { name: args['admin-name'], email: args['admin-email'], phone: args['admin-phone'] },
  });
  const login = {
    userPoolId: args['user-pool-id'],
    tenantId: tenant.id,
    userId: admin.id,
    name: admin.name,
    email: args['admin-email'],
  };
  try {
    await createAdminLogin(cognito, login);
  } catch (error) {
    throw new Error(
      `Tenant ${tenant.id} and its administrator ${admin.id} were created, but the login was not ` +
        `(${(error as Error).message}). Create it with:\n  aws cognito-idp admin-create-user ` +
        `--user-pool-id ${login.userPoolId} --username ${login.email} --user-attributes ` +
        `Name=email,Value=${login.email} Name=email_verified,Value=true ` +
        `Name=${CLAIMS.tenantId},Value=${login.tenantId} Name=${CLAIMS.userId},Value=${login.userId}`,
    );
  }
  return { tenantId: tenant.id, adminUserId: admin.id, login: login.email };
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
