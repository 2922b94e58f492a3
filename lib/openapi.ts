/**
 * The OpenAPI 3.1 document, generated from the route table so the documentation cannot drift from
 * what the handlers accept. Only the local runtime and tests load this module: zod-openapi must
 * never end up in a Lambda bundle (nothing under lib/http imports it).
 */
import * as z from 'zod';
import {
  type CreateDocumentOptions,
  createDocument,
  type oas32,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { EVENT_TYPES, eventSchema } from './events/catalog.ts';
import { PROBLEM_TYPE_BASE } from './http/problem.ts';
import type { RouteSpec } from './http/route.ts';
import { PERMISSIONS, type Permission } from './org/permissions.ts';
import { routes as routeTable } from './routes.ts';

export type OpenApiDocument = oas32.OpenAPIObject;

/** The problem+json body every error answers with (lib/http/problem.ts). */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ example: `${PROBLEM_TYPE_BASE}not_found` }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. `quota_exceeded`.' }),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ example: 'body.contacts.0.mobile' }),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; extra members (e.g. the owner of a duplicate) may appear.',
  });

const PROBLEM_TYPE = 'application/problem+json';

/** The errors every operation documents, as shared response components. */
const ERRORS = {
  400: ['BadRequest', 'Invalid input: `errors[]` names each field path with a stable code.'],
  401: ['Unauthorized', 'No token, a bad or expired token, or a disabled user.'],
  403: ['Forbidden', 'The caller lacks the permission this operation needs.'],
  404: ['NotFound', "Not found, or not visible to the caller (other tenants' ids included)."],
  409: ['Conflict', 'A conflict such as a duplicate, a quota or an already claimed customer.'],
  412: ['PreconditionFailed', 'The If-Match version is stale: reload and retry.'],
  422: ['Unprocessable', 'A business rule refuses the request.'],
  428: ['PreconditionRequired', 'This update needs an If-Match header.'],
} as const;

// zod types JSON Schema cannot express: documented as "any value" instead of failing the document.
const UNREPRESENTABLE = [
  'bigint',
  'symbol',
  'undefined',
  'void',
  'date',
  'map',
  'set',
  'transform',
  'nan',
  'custom',
  'function',
  'promise',
  'never',
] as const;

const options: CreateDocumentOptions = {
  allowEmptySchema: {
    ...Object.fromEntries(UNREPRESENTABLE.map((type) => [type, true])),
    // A response field computed by a transform has no static output type.
    pipe: { output: true },
  },
  override: ({ jsonSchema, zodSchema }) => {
    // Dates travel as ISO-8601 strings on the wire.
    if (zodSchema._zod.def.type === 'date') {
      jsonSchema.type = 'string';
      jsonSchema.format = 'date-time';
    }
  },
};

const JSON_TYPE = 'application/json';

const operationId = (spec: RouteSpec, taken: Set<string>) => {
  const parts = spec.handler.replace(/\.ts$/, '').split('/').slice(1);
  const camel = (words: string[]) =>
    words
      .flatMap((w) => w.split('-'))
      .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
      .join('');
  let id = camel(parts.slice(-1));
  if (taken.has(id)) id = camel(parts);
  taken.add(id);
  return id;
};

/** Whether a route reads If-Match: as its spec says, else required on every PATCH. */
export const ifMatchOf = (spec: RouteSpec, method: string) =>
  spec.ifMatch ?? (method === 'PATCH' ? 'required' : undefined);

/** What lib/http/etag.ts and lib/http/idempotency.ts accept: the document says it too. */
const ETAG_PATTERN = '^(W/)?"[0-9]+"$';
const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';

function description(key: string, spec: RouteSpec, method: string): string {
  const lines: string[] = [];
  if (spec.permission) {
    const label = PERMISSIONS[spec.permission as Permission];
    lines.push(`Needs the permission \`${spec.permission}\`${label ? ` (${label})` : ''}.`);
  }
  const ifMatch = ifMatchOf(spec, method);
  if (ifMatch === 'required')
    lines.push('Send the ETag you read as `If-Match`: a stale one is 412, none is 428.');
  if (ifMatch === 'optional') lines.push('An `If-Match` ETag, when sent, must be current (412 otherwise).');
  if (method === 'POST') lines.push('Honours `Idempotency-Key`: a retry returns the first response.');
  lines.push(`Table access: ${spec.access}. Route key: \`${key}\`.`);
  return lines.join('\n\n');
}

function successResponse(spec: RouteSpec, method: string): ZodOpenApiResponsesObject {
  const { status, body, contentType } = spec.response;
  const headers: Record<string, oas32.HeaderObject> = {
    'x-consumed-capacity': {
      description: 'DynamoDB capacity this request consumed: `rcu=..;wcu=..;items=..`.',
      schema: { type: 'string' },
    },
  };
  if (status === 201) headers.location = { description: 'The created resource.', schema: { type: 'string' } };
  if (body && (method === 'GET' || method === 'PATCH' || status === 201)) {
    headers.etag = {
      description: 'The version, for If-Match (single resources).',
      schema: { type: 'string' },
    };
  }
  const type = contentType ?? JSON_TYPE;
  const schema = body ?? (contentType ? z.string() : undefined);
  return {
    [String(status)]: {
      description: status === 204 ? 'Done; no content.' : 'Success.',
      headers,
      ...(schema ? { content: { [type]: { schema } } } : {}),
    },
    ...(spec.response.accepted
      ? {
          '202': {
            description: 'Too large for one request: a background job does it; poll `GET /v1/jobs/{id}`.',
            headers: { location: { description: 'The job.', schema: { type: 'string' } } },
            content: { [JSON_TYPE]: { schema: spec.response.accepted } },
          },
        }
      : {}),
  };
}

function operation(
  key: string,
  spec: RouteSpec,
  path: string,
  taken: Set<string>,
): ZodOpenApiOperationObject {
  const method = key.split(' ')[0] ?? '';
  const { request = {} } = spec;
  const parameters: oas32.ParameterObject[] = [];
  // A template segment without a params schema still has to be declared for the path to be valid.
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (name && !(request.params && name in request.params._zod.def.shape)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  const ifMatch = ifMatchOf(spec, method);
  if (ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: ifMatch === 'required',
      description: 'The ETag of the version being changed, e.g. `"3"`.',
      schema: { type: 'string', pattern: ETAG_PATTERN },
    });
  }
  if (method === 'POST') {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'A unique token (UUID); a retry with the same key returns the first response.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
    });
  }
  const content: Record<string, { schema: z.ZodType | oas32.SchemaObject }> = {};
  if (request.body) content[JSON_TYPE] = { schema: request.body };
  for (const type of request.rawTypes ?? []) content[type] = { schema: { type: 'string', format: 'binary' } };

  const errors = Object.fromEntries(
    Object.entries(ERRORS).map(([status, [name]]) => [status, { $ref: `#/components/responses/${name}` }]),
  );
  const isPublic = !path.startsWith('/v1/');
  return {
    operationId: operationId(spec, taken),
    summary: spec.summary,
    description: description(key, spec, method),
    tags: [spec.tag],
    ...(isPublic ? { security: [] } : { security: [{ bearerAuth: [] }] }),
    ...(request.params || request.query
      ? {
          requestParams: {
            ...(request.params ? { path: request.params } : {}),
            ...(request.query ? { query: request.query } : {}),
          },
        }
      : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(content).length
      ? {
          requestBody: { required: !(request.body && z.safeParse(request.body, undefined).success), content },
        }
      : {}),
    responses: { ...successResponse(spec, method), ...errors },
    ...(spec.permission ? { 'x-permission': spec.permission } : {}),
  };
}

/**
 * The `webhooks` section: one entry per domain event type (lib/events/catalog.ts), the body a
 * subscribed URL receives, signed per Standard Webhooks.
 */
function eventWebhooks(): ZodOpenApiPathsObject {
  const header = (name: string, description: string): oas32.ParameterObject => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  return Object.fromEntries(
    EVENT_TYPES.map(({ type, subject, data }) => [
      type,
      {
        post: {
          operationId: `event.${type}`,
          summary: `The \`${type}\` event`,
          description:
            `Sent to webhooks subscribed to \`${type}\`, \`${subject}.*\` or \`*\`. \`data\` is ${data}. ` +
            'Answer 2xx within 10 s; anything else is retried with backoff for about 27 hours. ' +
            'The same event keeps its `webhook-id` across retries and redeliveries: use it to drop repeats.',
          tags: ['Events'],
          parameters: [
            header('webhook-id', 'The event id, the same on every attempt.'),
            header('webhook-timestamp', 'Seconds since the epoch of this attempt.'),
            header(
              'webhook-signature',
              '`v1,<base64 HMAC-SHA256>`, space-separated (two during a secret rotation).',
            ),
          ],
          requestBody: {
            required: true,
            content: { [JSON_TYPE]: { schema: eventSchema(type) as unknown as z.ZodType } },
          },
          responses: { '200': { description: 'Any 2xx acknowledges the delivery.' } },
        },
      },
    ]),
  );
}

/**
 * Builds the OpenAPI 3.1 document for a route table (the real one unless a test passes another).
 * Every route is documented with its schemas, its success response and the shared problem+json
 * errors; routes below /v1 need the bearer JWT.
 */
export function openApiDocument(
  opts: { routes?: Record<string, RouteSpec>; servers?: oas32.ServerObject[] } = {},
): OpenApiDocument {
  const table: Record<string, RouteSpec> = opts.routes ?? routeTable;
  const paths: ZodOpenApiPathsObject = {};
  const taken = new Set<string>();
  for (const [key, spec] of Object.entries(table)) {
    const [method = '', path = ''] = key.split(' ');
    const item = (paths[path] ?? {}) as Record<string, ZodOpenApiOperationObject>;
    item[method.toLowerCase()] = operation(key, spec, path, taken);
    paths[path] = item;
  }
  const tags = [...new Set(Object.values(table).map((spec) => spec.tag))].map((name) => ({ name }));
  const document = createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'CRM API',
        version: '1',
        description:
          'Multi-tenant CRM backend. Every path below `/v1` needs `Authorization: Bearer <JWT>`; the ' +
          'tenant and user come from the token. Lists are cursor-paginated (`?limit=&cursor=` → ' +
          '`{ items, nextCursor }`); errors are RFC 9457 problem+json.',
      },
      ...(opts.servers ? { servers: opts.servers } : {}),
      tags,
      security: [{ bearerAuth: [] }],
      paths,
      webhooks: eventWebhooks(),
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'A Cognito token in AWS; locally, a token from the start banner or `POST /local/token`.',
          },
        },
        responses: Object.fromEntries(
          Object.values(ERRORS).map(([name, text]) => [
            name,
            { description: text, content: { [PROBLEM_TYPE]: { schema: ProblemSchema } } },
          ]),
        ),
      },
    },
    options,
  );
  return withNonEmptyEdits(document, table);
}

/**
 * An edit's body whose fields are all optional but which refuses `{}` ("give at least one field to
 * change", a refinement the JSON Schema cannot carry) is documented with `minProperties: 1`.
 */
function withNonEmptyEdits(document: OpenApiDocument, table: Record<string, RouteSpec>): OpenApiDocument {
  for (const [key, spec] of Object.entries(table)) {
    const body = spec.request?.body;
    if (!body || z.safeParse(body, {}).success) continue;
    const [method = '', path = ''] = key.split(' ');
    const operation = (document.paths?.[path] as Record<string, oas32.OperationObject> | undefined)?.[
      method.toLowerCase()
    ];
    const content = (operation?.requestBody as oas32.RequestBodyObject | undefined)?.content?.[JSON_TYPE] as
      | oas32.MediaTypeObject
      | undefined;
    type Schema = { $ref?: string; type?: unknown; required?: string[]; minProperties?: number };
    let schema = content?.schema as Schema | undefined;
    if (schema?.$ref) schema = document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] as Schema;
    if (schema?.type === 'object' && !schema.required?.length) schema.minProperties = 1;
  }
  return document;
}
