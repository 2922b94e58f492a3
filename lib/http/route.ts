import type { $ZodObject, $ZodType } from 'zod/v4/core';
import type { Permission } from '../org/permissions.ts';

/** Which table actions a route's function is granted: `read` never writes. */
export type TableAccess = 'read' | 'readWrite';

/**
 * What a function may do to objects in the attachments' bucket (lib/files): sign uploads (`put`,
 * `tag` as uploads carry a tag), read or sign downloads (`get`), re-tag (`tag`), delete (`delete`).
 */
export type FileAction = 'put' | 'get' | 'tag' | 'delete';

/** What a route's function gets unless its spec says otherwise. */
export const DEFAULT_MEMORY_MB = 1024;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route's spec, in its context's lib/<context>/routes.ts: data only, read by the HTTP stack,
 * CDK, the local server and OpenAPI.
 */
export interface RouteSpec {
  summary: string;
  tag: string;
  /** The module under functions/ exporting `handler`. */
  handler: string;
  access: TableAccess;
  permission?: Permission;
  /** Its function publishes SMS (CDK grants sns:Publish to phone numbers only). */
  sendsSms?: boolean;
  /** Its function creates, disables or deletes sign-in logins (CDK grants the user pool's admin calls). */
  managesLogins?: boolean;
  /**
   * The If-Match its handler reads (lib/http/etag.ts): `required` answers 428 without one,
   * `optional` checks it when sent. PATCH routes need it unless they say otherwise.
   */
  ifMatch?: 'required' | 'optional';
  /** Its function reads or writes webhooks, whose signing secrets it seals and opens (CDK gives it the key). */
  webhookSecrets?: boolean;
  /** Its function creates or deletes machine clients (CDK grants the user pool's app-client calls). */
  managesClients?: boolean;
  /** Its function reaches the attachments' bucket with these actions only (CDK grants them). */
  files?: readonly FileAction[];
  /**
   * Its function's memory in MB (default DEFAULT_MEMORY_MB): more for routes that hold a whole file
   * (import, export); Lambda gives CPU in proportion, so it also shortens them.
   */
  memoryMb?: number;
  /**
   * Its function's timeout in seconds (default DEFAULT_TIMEOUT_SECONDS). API Gateway answers 503
   * after 30 s whatever the function does, so more than 29 only helps work it finishes after the
   * answer; long work belongs in a background job.
   */
  timeoutSeconds?: number;
  request?: {
    params?: $ZodObject;
    query?: $ZodObject;
    body?: $ZodType;
    /** Content types accepted as raw bytes (e.g. CSV/XLSX uploads) instead of a JSON body. */
    rawTypes?: readonly string[];
  };
  response: {
    status: number;
    body?: $ZodType;
    /** Defaults to application/json. */
    contentType?: string;
    /** The 202 body when the work is too large for the request and goes to a background job. */
    accepted?: $ZodType;
  };
}

export type RouteKey = `${HttpMethod} /${string}`;

/** A context's routes (`lib/<context>/routes.ts`), keyed `METHOD /path`; lib/routes.ts assembles them. */
export type RouteTable = Record<RouteKey, RouteSpec>;

/** One route as its handler holds it: the spec with its key (for logs and Idempotency-Key records). */
export type Route<K extends RouteKey = RouteKey, S extends RouteSpec = RouteSpec> = S & { readonly key: K };

/**
 * Picks a handler's route out of its own context's table: `http(route(poolRoutes, 'POST ...'), fn)`.
 * The type keeps the spec's literal schemas, so `Req<typeof r>` is typed from them.
 */
export const route = <T extends RouteTable, K extends keyof T & RouteKey>(
  table: T,
  key: K,
): Route<K, T[K]> => {
  const spec = table[key];
  if (!spec) throw new Error(`No route ${key}`);
  return { ...spec, key };
};

export const splitRouteKey = (key: string) => {
  const [method, path] = key.split(' ') as [HttpMethod, string];
  return { method, path };
};
