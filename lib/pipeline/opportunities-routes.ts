import type { RouteTable } from '../http/route.ts';
import * as pipeline from './schemas.ts';

/** The pipeline's opportunity (商机) and stage routes (data only); lib/pipeline/routes.ts assembles the pipeline's. */
export const opportunityRoutes = {
  'GET /v1/opportunity-stages': {
    summary: "The company's opportunity stages (销售阶段) with win probabilities (ETag)",
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/get-stages.ts',
    access: 'read',
    response: { status: 200, body: pipeline.StageList },
  },
  'PUT /v1/opportunity-stages': {
    summary: 'Replace the stage list (stages in use are disabled, never removed); needs If-Match',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/put-stages.ts',
    ifMatch: 'required',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { body: pipeline.PutStagesBody },
    response: { status: 200, body: pipeline.StageList },
  },
  'GET /v1/opportunities': {
    summary: "Opportunities (商机): mine, subordinates, company, one customer's, or one stage of the funnel",
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-opportunities.ts',
    access: 'read',
    request: { query: pipeline.OpportunityListQuery },
    response: { status: 200, body: pipeline.OpportunityPage },
  },
  'POST /v1/opportunities': {
    summary: 'Add an opportunity to a customer the caller may change',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-opportunity.ts',
    access: 'readWrite',
    request: { body: pipeline.CreateOpportunityBody },
    response: { status: 201, body: pipeline.Opportunity },
  },
  'GET /v1/opportunities/{id}': {
    summary: 'An opportunity with its stage history (ETag)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/get-opportunity.ts',
    access: 'read',
    request: { params: pipeline.IdParams },
    response: { status: 200, body: pipeline.Opportunity },
  },
  'PATCH /v1/opportunities/{id}': {
    summary: 'Edit an open opportunity (name, amount, expected close date); needs If-Match',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/update-opportunity.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.UpdateOpportunityBody },
    response: { status: 200, body: pipeline.Opportunity },
  },
  'POST /v1/opportunities/{id}/stage': {
    summary: 'Move an opportunity to a stage (history kept; won and lost are final; won marks the customer)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/move-opportunity.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.MoveStageBody },
    response: { status: 200, body: pipeline.Opportunity },
  },
} as const satisfies RouteTable;
