import type { RouteTable } from '../http/route.ts';
import * as pipeline from './schemas.ts';

/** The pipeline's contract (合同), payment plan and payment routes (data only); lib/pipeline/routes.ts assembles the pipeline's. */
export const contractRoutes = {
  'GET /v1/contracts': {
    summary: "Contracts (合同): mine, subordinates, company, or one customer's (parentId=: supplements)",
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-contracts.ts',
    access: 'read',
    request: { query: pipeline.ContractListQuery },
    response: { status: 200, body: pipeline.ContractPage },
  },
  'POST /v1/contracts': {
    summary: 'Add a standard or supplement contract; lines priced on the server in fen',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-contract.ts',
    access: 'readWrite',
    request: { body: pipeline.CreateContractBody },
    response: { status: 201, body: pipeline.Contract },
  },
  'GET /v1/contracts/{id}': {
    summary: 'A contract with received and outstanding amounts (ETag)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/get-contract.ts',
    access: 'read',
    request: { params: pipeline.IdParams },
    response: { status: 200, body: pipeline.Contract },
  },
  'PATCH /v1/contracts/{id}': {
    summary: 'Edit a contract (lines, dates, status, evaluation, progress, risk); needs If-Match',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/update-contract.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.UpdateContractBody },
    response: { status: 200, body: pipeline.Contract },
  },
  'POST /v1/contracts/{id}/payment-plans': {
    summary: 'Add a payment plan (收款计划); plans stay within the total (422 plan_exceeds_total)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-payment-plan.ts',
    access: 'readWrite',
    request: { params: pipeline.IdParams, body: pipeline.CreatePaymentPlanBody },
    response: { status: 201, body: pipeline.PaymentPlan },
  },
  'GET /v1/contracts/{id}/payment-plans': {
    summary: "A contract's payment plans, by creation",
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-payment-plans.ts',
    access: 'read',
    request: { params: pipeline.IdParams, query: pipeline.ContractItemsQuery },
    response: { status: 200, body: pipeline.PaymentPlanPage },
  },
  'POST /v1/payments': {
    summary: 'Record a payment received (回款), optionally against a plan (422 overpayment)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-payment.ts',
    access: 'readWrite',
    request: { body: pipeline.CreatePaymentBody },
    response: { status: 201, body: pipeline.PaymentCreated },
  },
  'GET /v1/contracts/{id}/payments': {
    summary: "A contract's payments, newest first",
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-payments.ts',
    access: 'read',
    request: { params: pipeline.IdParams, query: pipeline.ContractItemsQuery },
    response: { status: 200, body: pipeline.PaymentPage },
  },
} as const satisfies RouteTable;
