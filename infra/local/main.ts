/**
 * `npm start`: the whole backend on this machine. DynamoDB Local (unless DYNAMODB_ENDPOINT names
 * one), the API on PORT (3000), the job timer and a demo tenant with ready-to-use tokens.
 */
import { join } from 'node:path';
import type { DemoTenant } from './demo.ts';
import { ROOT } from './handlers.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';
import { TOKEN_TTL_SECONDS } from './tokens.ts';

const STATE_DIR = join(ROOT, '.local');

function banner(runtime: LocalRuntime, publicUrl: string): string {
  const demo = runtime.demo as DemoTenant;
  const admin = demo.users.find((u) => u.key === 'admin');
  const rep = demo.users.find((u) => u.key === 'rep1');
  const lines = [
    '',
    'CRM backend running locally',
    `  API          ${publicUrl}`,
    `  API docs     ${publicUrl}/docs   (OpenAPI: ${publicUrl}/openapi.json)`,
    `  DynamoDB     ${runtime.dynamoEndpoint}   table ${runtime.tableName}`,
    `  S3 (files)   ${runtime.s3Endpoint}   bucket ${runtime.filesBucket}`,
    '',
    `Demo tenant ${demo.name}   id ${demo.tenantId}`,
    ...demo.users.map((u) => `  ${u.name.padEnd(4, '　')} ${u.role.padEnd(5, '　')} userId ${u.userId}`),
    '',
    `Tokens (valid ${TOKEN_TTL_SECONDS / 3600} h; more from POST /local/token { tenantId, userId }):`,
    `  管理员 (admin):`,
    `    ${admin?.token}`,
    `  张三 (销售员):`,
    `    ${rep?.token}`,
    '',
    'Try:',
    `  export TOKEN=${admin?.token}`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${publicUrl}/v1/me`,
    `  curl -s -X POST ${publicUrl}/local/tenants -H 'content-type: application/json' -d '{"name":"我的公司"}'`,
    '',
    runtime.schedules.length ? 'Scheduled jobs:' : 'Scheduled jobs: none implemented yet',
    ...runtime.schedules.map((line) => `  ${line}`),
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number, not "${process.env.PORT}"`);
  }
  // Listen for Ctrl-C from the first moment: one during start-up must still stop DynamoDB Local.
  let runtime: LocalRuntime | undefined;
  let stopping: string | undefined;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = signal;
    if (!runtime) return; // still starting: stopped as soon as it is up
    console.log(`\n${signal}: stopping the HTTP server, the job timer, DynamoDB Local and the local S3...`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const external = process.env.DYNAMODB_ENDPOINT;
  console.log(
    external ? `Using DynamoDB at ${external}` : 'Starting (DynamoDB Local takes a few seconds)...',
  );
  runtime = await startLocalRuntime({
    port,
    dynamoEndpoint: external,
    tableName: process.env.TABLE_NAME ?? 'crm-local',
    seedDemo: true,
    keyFile: join(STATE_DIR, 'token-keys.json'),
    // The demo tenant only outlives a restart when the data does (a DynamoDB you run yourself).
    ...(external ? { demoStateFile: join(STATE_DIR, 'demo.json') } : {}),
  });
  if (stopping) {
    const signal = stopping;
    stopping = undefined;
    return shutdown(signal);
  }
  console.log(banner(runtime, `http://localhost:${runtime.port}`));
}

main().catch((error: unknown) => {
  console.error(`\nThe local runtime did not start: ${(error as Error).message}`);
  process.exit(1);
});
