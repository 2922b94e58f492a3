import type { z } from 'zod';
import type { Permission } from '../org/permissions.ts';

/** Which table actions a route's function is granted: `read` never writes. */
export type TableAccess = 'read' | 'readWrite';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One entry of lib/routes.ts: data only, read by the HTTP stack, CDK, the local server and OpenAPI. */
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
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: z.ZodType;
    /** Content types accepted as raw bytes (e.g. CSV/XLSX uploads) instead of a JSON body. */
    rawTypes?: readonly string[];
  };
  response: {
    status: number;
    body?: z.ZodType;
    /** Defaults to application/json. */
    contentType?: string;
  };
}

export type RouteKey = `${HttpMethod} /${string}`;

export const splitRouteKey = (key: string) => {
  const [method, path] = key.split(' ') as [HttpMethod, string];
  return { method, path };
};
