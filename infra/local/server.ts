import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { scopeOf, secretMatches } from '#lib/clients/directory.ts';
import { localSecretHash } from '#lib/clients/repository.ts';
import { cors } from '#lib/http/cors.ts';
import { BadRequest, Forbidden, HttpError, NotFound, Unauthorized } from '#lib/http/errors.ts';
import { fieldErrors, toProblem } from '#lib/http/problem.ts';
import type { RouteSpec } from '#lib/http/route.ts';
import { logger } from '#lib/log.ts';
import type { OpenApiDocument } from '#lib/openapi.ts';
import { getClientPrincipal, getUserWithRole } from '#lib/org/repository.ts';
import { routes } from '#lib/routes.ts';
import { provisionTenant } from '#lib/tenants/provision.ts';
import { lambdaContext, loadHandler } from './handlers.ts';
import { listOutbox, outboxPhone } from './outbox.ts';
import type { JobRunner } from './scheduler.ts';
import { gatewayClaims, type TokenIssuer } from './tokens.ts';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': [...cors.allowMethods, 'OPTIONS'].join(','),
  'access-control-allow-headers': cors.allowHeaders.join(','),
  'access-control-expose-headers': cors.exposeHeaders.join(','),
  'access-control-max-age': String(cors.maxAgeSeconds),
};
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface ServerContext {
  tokens: TokenIssuer;
  jobs: JobRunner;
  dynamoEndpoint: string;
  tableName: string;
}

// ---- route matching ------------------------------------------------------------------------------

export type Match<T> =
  | { kind: 'route'; key: string; entry: T; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

interface Compiled<T> {
  key: string;
  method: string;
  segments: string[];
  entry: T;
}

const compile = <T>(table: Record<string, T>): Compiled<T>[] =>
  Object.entries(table).map(([key, entry]) => {
    const [method = '', path = ''] = key.split(' ');
    return { key, method, segments: path.split('/').slice(1), entry };
  });

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const value = actual[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (!value) return undefined;
      params[name] = decodeURIComponent(value);
    } else if (part !== value) return undefined;
  }
  return params;
}

/** Literal segments win over `{param}` ones, as in API Gateway (`/customers/duplicates` before `/customers/{id}`). */
const specificity = (segments: string[]) => segments.filter((s) => !s.startsWith('{')).length;

/**
 * The route for a method and raw path: the most specific template that matches with that method;
 * `method` when the path exists under other methods only (405), `none` otherwise (404).
 */
export function matchRoute<T>(compiled: Compiled<T>[], method: string, rawPath: string): Match<T> {
  const actual = rawPath.split('/').slice(1);
  const found = compiled
    .map((route) => ({ route, params: matchSegments(route.segments, actual) }))
    .filter((m): m is { route: Compiled<T>; params: Record<string, string> } => m.params !== undefined);
  const same = found
    .filter((m) => m.route.method === method)
    .sort((a, b) => specificity(b.route.segments) - specificity(a.route.segments));
  const best = same[0];
  if (best) return { kind: 'route', key: best.route.key, entry: best.route.entry, params: best.params };
  if (found.length) return { kind: 'method', allow: [...new Set(found.map((m) => m.route.method))] };
  return { kind: 'none' };
}

// ---- request and response plumbing ---------------------------------------------------------------

interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | Readable;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});

const problem = (
  error: unknown,
  instance: string,
  headers: Record<string, string | string[]> = {},
): Reply => {
  const doc = toProblem(error, instance);
  if (doc.status >= 500) logger.error('local runtime failed', { error: error as Error });
  return {
    status: doc.status,
    headers: { 'content-type': PROBLEM_TYPE, ...headers },
    body: JSON.stringify(doc),
  };
};

const tooLarge = () =>
  new HttpError(413, 'payload_too_large', 'Payload too large', 'The body exceeds 10 MB.');

/**
 * The request body, up to API Gateway's limit. Past it the rest is drained unread rather than the
 * socket destroyed, so the client receives the 413 problem instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.off('data', collect);
      chunks.length = 0;
      req.resume();
      reject(tooLarge());
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Header names lowercased and repeated values joined with commas, as API Gateway v2 delivers them. */
function gatewayHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

function bearer(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

// ---- the API routes: an API Gateway v2 event into the real handler -------------------------------

async function callRoute(
  ctx: ServerContext,
  req: IncomingMessage,
  url: URL,
  match: { key: string; entry: RouteSpec; params: Record<string, string> },
): Promise<Reply> {
  const { key, entry: spec, params } = match;
  const headers = gatewayHeaders(req);
  const rawPath = url.pathname;
  let claims: Record<string, string> = {};
  let scopes: string[] = [];
  // API Gateway's JWT authorizer answers before the function runs.
  if (rawPath.startsWith('/v1/')) {
    const token = bearer(headers);
    const challenge = { ...CORS_HEADERS, 'www-authenticate': 'Bearer' };
    if (!token) return problem(new Unauthorized(), rawPath, challenge);
    const verified = await ctx.tokens.verify(token);
    if (!verified.ok) return problem(new Unauthorized(verified.detail, verified.code), rawPath, challenge);
    claims = gatewayClaims(verified.claims);
    scopes = typeof verified.claims.scope === 'string' ? verified.claims.scope.split(' ') : [];
  }
  const raw = await readBody(req);
  const contentType = headers['content-type'] ?? '';
  const isText = TEXT_TYPES.test(contentType);
  // Repeated names join with commas, as API Gateway does; a Map keeps `__proto__` & co. plain keys.
  const joined = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const before = joined.get(name);
    joined.set(name, before === undefined ? value : `${before},${value}`);
  }
  const query = Object.fromEntries(joined);
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const at = new Date();
  const event = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0],
      http: {
        method: req.method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      authorizer: { jwt: { claims, scopes } },
    },
    ...(raw.length
      ? { body: isText ? raw.toString('utf8') : raw.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
  const handler = await loadHandler(spec.handler);
  const result = (await handler(event, lambdaContext(spec.handler))) as
    | {
        statusCode?: number;
        headers?: Record<string, unknown>;
        body?: string;
        isBase64Encoded?: boolean;
        cookies?: string[];
      }
    | string
    | undefined;
  // Payload format 2.0: anything without a statusCode is a 200 JSON body.
  if (typeof result !== 'object' || result === null || result.statusCode === undefined) {
    return json(200, result ?? null, CORS_HEADERS);
  }
  const out: Record<string, string | string[]> = { ...CORS_HEADERS };
  for (const [name, value] of Object.entries(result.headers ?? {})) out[name.toLowerCase()] = String(value);
  if (result.cookies?.length) out['set-cookie'] = result.cookies;
  const body =
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  return { status: result.statusCode, headers: out, ...(body ? { body } : {}) };
}

// ---- the local-only endpoints --------------------------------------------------------------------

type LocalEndpoint = (input: {
  ctx: ServerContext;
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
}) => Promise<Reply>;

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Must be an IANA time zone such as Asia/Shanghai');

const NewTenant = z.strictObject({ name: z.string().trim().min(1).max(200), timezone: TimeZone.optional() });
const TokenRequest = z.strictObject({ tenantId: z.string().min(1), userId: z.string().min(1) });
const JobRunRequest = z.strictObject({ now: z.iso.datetime({ offset: true }).optional() });
const ClientTokenRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
});

/** The OAuth token request's fields, form-encoded (as Cognito's /oauth2/token takes them) or JSON. */
async function tokenRequest(req: IncomingMessage) {
  const raw = (await readBody(req)).toString('utf8');
  const form = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  let fields: unknown;
  try {
    fields = form ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw || '{}');
  } catch {
    throw new BadRequest('The body is not valid JSON.', undefined, 'invalid_json');
  }
  const parsed = ClientTokenRequest.safeParse(fields);
  if (!parsed.success)
    throw new BadRequest('The token request is invalid.', fieldErrors(parsed.error, 'body'));
  return parsed.data;
}

async function jsonBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.output<T>> {
  const raw = await readBody(req);
  let value: unknown;
  if (raw.length) {
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BadRequest('The body is not valid JSON.', undefined, 'invalid_json');
    }
  }
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new BadRequest('The request body is invalid.', fieldErrors(parsed.error, 'body'));
  return parsed.data;
}

let openApi: Promise<OpenApiDocument> | undefined;

const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>CRM API reference (local)</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="/docs/scalar.js"></script>
    <script>
      Scalar.createApiReference('#app', {
        url: '/openapi.json',
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        authentication: { preferredSecurityScheme: 'bearerAuth' },
      });
    </script>
  </body>
</html>
`;

const scalarBundle = () =>
  createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');

export const localEndpoints: Record<string, LocalEndpoint> = {
  'GET /health': async ({ ctx }) =>
    json(200, { status: 'ok', dynamodb: ctx.dynamoEndpoint, table: ctx.tableName }),

  'GET /openapi.json': async ({ req }) => {
    openApi ??= import('#lib/openapi.ts').then(({ openApiDocument }) => {
      const doc = openApiDocument();
      doc.info.description +=
        '\n\nLocal runtime: get a token from the start banner, `POST /local/tenants { name }` or ' +
        '`POST /local/token { tenantId, userId }`, then use it as the bearer token.';
      return doc;
    });
    openApi.catch(() => {
      openApi = undefined;
    });
    const doc = await openApi;
    const servers = [{ url: `http://${req.headers.host ?? 'localhost'}`, description: 'Local runtime' }];
    return json(200, { ...doc, servers }, { 'access-control-allow-origin': '*' });
  },

  'GET /docs': async () => ({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: docsPage,
  }),

  'GET /docs/scalar.js': async () => ({
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' },
    body: createReadStream(scalarBundle()),
  }),

  'POST /local/tenants': async ({ ctx, req }) => {
    const input = await jsonBody(req, NewTenant);
    const { tenant, admin } = await provisionTenant({
      name: input.name,
      timezone: input.timezone,
      admin: { name: '管理员' },
    });
    const token = await ctx.tokens.sign({ tenantId: tenant.id, userId: admin.id });
    return json(201, { tenantId: tenant.id, admin: { userId: admin.id, token } });
  },

  'POST /local/token': async ({ ctx, req }) => {
    const { tenantId, userId } = await jsonBody(req, TokenRequest);
    const found = await getUserWithRole(tenantId, userId);
    if (!found || found.user.deleted) throw new NotFound('user');
    if (found.user.disabled)
      throw new Forbidden('This user is disabled; enable them first.', 'user_disabled');
    return json(200, { token: await ctx.tokens.sign({ tenantId, userId }) });
  },

  'POST /local/oauth2/token': async ({ ctx, req }) => {
    const input = await tokenRequest(req);
    const principal = await getClientPrincipal(input.client_id);
    const stored = principal ? await localSecretHash(input.client_id) : undefined;
    if (!principal || !stored || !secretMatches(input.client_secret, stored))
      throw new Unauthorized('Unknown client or wrong secret.', 'invalid_client');
    const allowed = principal.permissions.map(scopeOf);
    const asked = input.scope ? input.scope.split(/\s+/).filter(Boolean) : allowed;
    const refused = asked.filter((scope) => !allowed.includes(scope));
    if (refused.length)
      throw new BadRequest(
        `Scopes not granted to this client: ${refused.join(' ')}`,
        undefined,
        'invalid_scope',
      );
    const token = await ctx.tokens.signClient(input.client_id, asked);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  },

  'GET /local/sms-outbox': async ({ url }) => {
    const given = url.searchParams.get('phone');
    const phone = given ? outboxPhone(given) : undefined;
    if (!phone) {
      throw new BadRequest('Name the recipient: ?phone=+8613800138000.', [
        {
          path: 'query.phone',
          code: given ? 'invalid_phone' : 'required',
          message: 'A phone number is required.',
        },
      ]);
    }
    return json(200, { phone, items: await listOutbox(phone) });
  },

  'POST /local/jobs/{name}/run': async ({ ctx, req, params }) => {
    const name = params.name ?? '';
    if (!ctx.jobs.runnable(name)) {
      throw new HttpError(404, 'unknown_job', 'Not found', `There is no runnable job named "${name}".`);
    }
    const { now } = await jsonBody(req, JobRunRequest);
    return json(200, await ctx.jobs.run(name, now ? new Date(now) : undefined));
  },
};

// ---- the listener --------------------------------------------------------------------------------

const apiRoutes = compile<RouteSpec>(routes);
const localRoutes = compile(localEndpoints);

async function dispatch(ctx: ServerContext, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  try {
    // API Gateway answers CORS preflights itself, for every path.
    if (method === 'OPTIONS') return { status: 204, headers: CORS_HEADERS };
    const local = matchRoute(localRoutes, method, path);
    if (local.kind === 'route') return await local.entry({ ctx, req, url, params: local.params });
    const api = matchRoute(apiRoutes, method, path);
    if (api.kind === 'route') return await callRoute(ctx, req, url, api);
    const allow = api.kind === 'method' ? api.allow : local.kind === 'method' ? local.allow : undefined;
    if (allow) {
      return problem(
        new HttpError(
          405,
          'method_not_allowed',
          'Method not allowed',
          `${path} accepts ${allow.join(', ')}.`,
        ),
        path,
        { ...CORS_HEADERS, allow: [...allow, 'OPTIONS'].join(', ') },
      );
    }
    return problem(
      new HttpError(404, 'route_not_found', 'Not found', `There is no route for ${method} ${path}.`),
      path,
      CORS_HEADERS,
    );
  } catch (error) {
    if (error instanceof URIError) {
      return problem(new BadRequest('The path is not valid percent-encoding.'), path, CORS_HEADERS);
    }
    return problem(error, path, CORS_HEADERS);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, reply.headers);
  const { body } = reply;
  if (body === undefined) res.end();
  else if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
  else {
    body.on('error', () => res.destroy());
    body.pipe(res);
  }
}

/** The node:http listener of the local runtime. */
export function createListener(ctx: ServerContext) {
  return (req: IncomingMessage, res: ServerResponse) => {
    dispatch(ctx, req).then(
      (reply) => send(res, reply),
      () => res.destroy(),
    );
  };
}
