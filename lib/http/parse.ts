import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import '../zod-locale.ts';
import type { $ZodType } from 'zod/v4/core';
import { BadRequest, UnsupportedMediaType } from './errors.ts';
import { fieldErrors } from './problem.ts';
import type { RouteSpec } from './route.ts';

export interface Parsed {
  params: unknown;
  query: unknown;
  body: unknown;
  rawBody?: Buffer;
  contentType?: string;
}

function check(schema: $ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = z.safeParse(schema, value);
  if (!result.success) {
    throw new BadRequest(
      `The request ${where === 'params' ? 'path' : where} is invalid.`,
      fieldErrors(result.error, where),
    );
  }
  return result.data;
}

/** Path, query and body through the route's zod schemas. Unknown fields are rejected (strict objects). */
export function parseRequest(spec: RouteSpec, event: APIGatewayProxyEventV2): Parsed {
  const { request = {} } = spec;
  const params = check(request.params, event.pathParameters ?? {}, 'params');
  const query = check(request.query, event.queryStringParameters ?? {}, 'query');
  if (!request.query && Object.keys(event.queryStringParameters ?? {}).length > 0) {
    throw new BadRequest('This endpoint takes no query parameters.', [
      {
        path: 'query',
        code: 'unknown_field',
        message: `Unknown: ${Object.keys(event.queryStringParameters ?? {}).join(', ')}`,
      },
    ]);
  }
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : undefined;

  if (request.rawTypes?.includes(contentType)) {
    return { params, query, body: undefined, ...(raw ? { rawBody: raw } : {}), contentType };
  }
  if (!request.body) {
    if (raw && raw.length > 0)
      throw new BadRequest('This endpoint takes no request body.', undefined, 'unexpected_body');
    return { params, query, body: undefined };
  }
  if (!raw || raw.length === 0) {
    return { params, query, body: check(request.body, undefined, 'body') };
  }
  if (contentType !== 'application/json') {
    const accepted = ['application/json', ...(request.rawTypes ?? [])].join(', ');
    throw new UnsupportedMediaType(`Send the body as one of: ${accepted}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest('The body is not valid JSON.', undefined, 'invalid_json');
  }
  return { params, query, body: check(request.body, json, 'body') };
}
