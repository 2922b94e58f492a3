import type { RouteTable } from '../http/route.ts';
import * as pipeline from './schemas.ts';

/** The pipeline's lead (线索) routes (data only); lib/pipeline/routes.ts assembles the pipeline's. */
export const leadRoutes = {
  'GET /v1/leads': {
    summary: 'Leads (线索): mine, subordinates or company; status= narrows (converted: the converted ones)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-leads.ts',
    access: 'read',
    request: { query: pipeline.LeadListQuery },
    response: { status: 200, body: pipeline.LeadPage },
  },
  'POST /v1/leads': {
    summary: 'Add a lead owned by the caller',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-lead.ts',
    access: 'readWrite',
    request: { body: pipeline.CreateLeadBody },
    response: { status: 201, body: pipeline.Lead },
  },
  'GET /v1/leads/{id}': {
    summary: 'A lead (ETag)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/get-lead.ts',
    access: 'read',
    request: { params: pipeline.IdParams },
    response: { status: 200, body: pipeline.Lead },
  },
  'PATCH /v1/leads/{id}': {
    summary: 'Edit an open lead; needs If-Match (409 already_converted)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/update-lead.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.UpdateLeadBody },
    response: { status: 200, body: pipeline.Lead },
  },
  'POST /v1/leads/{id}/convert': {
    summary:
      'Convert a lead into a customer with its contact and optionally an opportunity, once (409 already_converted)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/convert-lead.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.ConvertLeadBody },
    response: { status: 200, body: pipeline.LeadConverted },
  },
} as const satisfies RouteTable;
