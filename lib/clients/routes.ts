import type { RouteTable } from '../http/route.ts';
import { IdParams, PageQuery } from '../schemas.ts';
import * as clients from './schemas.ts';

/** The API clients' HTTP routes (data only); lib/routes.ts assembles every context's. */
export const clientRoutes = {
  // ---- machine clients (lib/clients) -------------------------------------------------------------
  'POST /v1/api-clients': {
    summary: 'A machine client with some of your permissions; its client secret is in this answer only',
    tag: 'Integrations',
    handler: 'functions/clients/create-client.ts',
    access: 'readWrite',
    permission: 'integrations.manage',
    managesClients: true,
    request: { body: clients.CreateApiClientBody },
    response: { status: 201, body: clients.ApiClientCreated },
  },
  'GET /v1/api-clients': {
    summary: "The tenant's machine clients",
    tag: 'Integrations',
    handler: 'functions/clients/list-clients.ts',
    access: 'read',
    permission: 'integrations.manage',
    request: { query: PageQuery },
    response: { status: 200, body: clients.ApiClientList },
  },
  'DELETE /v1/api-clients/{id}': {
    summary: 'Delete a machine client: its tokens stop working at once',
    tag: 'Integrations',
    handler: 'functions/clients/delete-client.ts',
    access: 'readWrite',
    permission: 'integrations.manage',
    managesClients: true,
    request: { params: IdParams },
    response: { status: 204 },
  },
} as const satisfies RouteTable;
