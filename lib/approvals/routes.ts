import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as a from './schemas.ts';

const TAG = 'Approvals';
const decision = (summary: string, handler: string, body?: typeof a.CommentBody) =>
  ({
    summary,
    tag: TAG,
    handler: `functions/approvals/${handler}.ts`,
    access: 'readWrite',
    request: body ? { params: IdParams, body } : { params: IdParams },
    response: { status: 200, body: a.Approval },
  }) as const;

/** The approvals context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const approvalRoutes = {
  // ---- flows (审批流程) -------------------------------------------------------------------------
  'GET /v1/approval-flows': {
    summary: 'Approval flows (审批流程), current versions; type= narrows to one type',
    tag: TAG,
    handler: 'functions/approvals/list-flows.ts',
    access: 'read',
    request: { query: a.FlowListQuery },
    response: { status: 200, body: a.FlowPage },
  },
  'POST /v1/approval-flows': {
    summary:
      'Define a flow: typed form, steps (approvers, mode, cc, condition), rejection and no-approver rules',
    tag: TAG,
    handler: 'functions/approvals/create-flow.ts',
    access: 'readWrite',
    permission: 'approvals.manage',
    request: { body: a.CreateFlowBody },
    response: { status: 201, body: a.Flow },
  },
  'GET /v1/approval-flows/{id}': {
    summary: 'A flow (ETag: its version)',
    tag: TAG,
    handler: 'functions/approvals/get-flow.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: a.Flow },
  },
  'PATCH /v1/approval-flows/{id}': {
    summary: 'Edit a flow: a new version (If-Match); running requests keep the version they started on',
    tag: TAG,
    handler: 'functions/approvals/update-flow.ts',
    access: 'readWrite',
    permission: 'approvals.manage',
    request: { params: IdParams, body: a.UpdateFlowBody },
    response: { status: 200, body: a.Flow },
  },
  'DELETE /v1/approval-flows/{id}': {
    summary: 'Retire a flow (If-Match): no new requests; running ones finish on their version',
    tag: TAG,
    handler: 'functions/approvals/delete-flow.ts',
    ifMatch: 'required',
    access: 'readWrite',
    permission: 'approvals.manage',
    request: { params: IdParams },
    response: { status: 204 },
  },
  // ---- requests (审批) ------------------------------------------------------------------------
  'POST /v1/approvals': {
    summary: 'Submit a request on a flow: the form is checked, approvers resolved, the first step notified',
    tag: TAG,
    handler: 'functions/approvals/submit-approval.ts',
    access: 'readWrite',
    request: { body: a.SubmitBody },
    response: { status: 201, body: a.Approval },
  },
  'GET /v1/approvals': {
    summary:
      'My requests: submitted (我发起的), pending (待我审批), handled (我已审批) or cc (抄送我的), newest first',
    tag: TAG,
    handler: 'functions/approvals/list-approvals.ts',
    access: 'read',
    request: { query: a.ApprovalListQuery },
    response: { status: 200, body: a.ApprovalPage },
  },
  'GET /v1/approvals/counts': {
    summary: 'How many requests each of my lists holds (capped), for the workbench badges',
    tag: TAG,
    handler: 'functions/approvals/count-approvals.ts',
    access: 'read',
    response: { status: 200, body: a.ApprovalCounts },
  },
  'GET /v1/approvals/{id}': {
    summary: 'A request with every action in order (submitter, approvers, cc, their superiors, admins)',
    tag: TAG,
    handler: 'functions/approvals/get-approval.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: a.ApprovalDetail },
  },
  'POST /v1/approvals/{id}/approve': decision('Approve my turn', 'approve-approval', a.CommentBody),
  'POST /v1/approvals/{id}/reject': decision(
    'Reject: ends the request (or returns it to the submitter, per the flow)',
    'reject-approval',
    a.CommentBody,
  ),
  'POST /v1/approvals/{id}/withdraw': decision(
    'Withdraw my request before its final decision',
    'withdraw-approval',
  ),
  'POST /v1/approvals/{id}/resubmit': {
    ...decision(
      'Resubmit after a withdrawal or a rejection to the submitter: a new round from step 1',
      'resubmit-approval',
    ),
    request: { params: IdParams, body: a.ResubmitBody },
  },
  'POST /v1/approvals/{id}/return': {
    ...decision('Return to an earlier step (退回): its approvals start over', 'return-approval'),
    request: { params: IdParams, body: a.ReturnBody },
  },
  'POST /v1/approvals/{id}/add-approver': {
    ...decision('Add an approver (加签) before me or after the current step', 'add-approver'),
    request: { params: IdParams, body: a.AddApproverBody },
  },
  'POST /v1/approvals/{id}/transfer': {
    ...decision('Transfer my turn to a colleague (转交)', 'transfer-approval'),
    request: { params: IdParams, body: a.TransferBody },
  },
  'POST /v1/approvals/{id}/remind': decision(
    'Remind the current approvers (催办), at most once an hour',
    'remind-approval',
  ),
  'POST /v1/approvals/batch': {
    summary: 'Approve or reject many requests; one result per id',
    tag: TAG,
    handler: 'functions/approvals/batch-approvals.ts',
    access: 'readWrite',
    request: { body: a.BatchBody },
    response: { status: 200, body: a.BatchResult },
  },
  'GET /v1/approvals/{id}/comments': {
    summary: "A request's comments, oldest first",
    tag: TAG,
    handler: 'functions/approvals/list-comments.ts',
    access: 'read',
    request: { params: IdParams, query: a.CommentListQuery },
    response: { status: 200, body: a.CommentPage },
  },
  'POST /v1/approvals/{id}/comments': {
    summary: 'Comment on a request (anyone who sees it)',
    tag: TAG,
    handler: 'functions/approvals/create-comment.ts',
    access: 'readWrite',
    request: { params: IdParams, body: a.NewCommentBody },
    response: { status: 201, body: a.Comment },
  },
} as const satisfies RouteTable;
