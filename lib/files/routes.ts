import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as files from './schemas.ts';

/** The files context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const fileRoutes = {
  // ---- attachments (lib/files) -------------------------------------------------------------------
  'POST /v1/attachments': {
    summary:
      'Announce an upload (附件): a pending attachment and a presigned PUT URL; confirm it with .../complete',
    tag: 'Files',
    handler: 'functions/files/create-attachment.ts',
    access: 'readWrite',
    files: ['put', 'tag'],
    request: { body: files.CreateAttachmentBody },
    response: { status: 201, body: files.AttachmentUpload },
  },
  'POST /v1/attachments/{id}/complete': {
    summary: 'Confirm an upload: the object is checked (size, type) and counted against the quota',
    tag: 'Files',
    handler: 'functions/files/complete-attachment.ts',
    access: 'readWrite',
    files: ['get', 'tag', 'delete'],
    request: { params: IdParams },
    response: { status: 200, body: files.Attachment },
  },
  'GET /v1/attachments/{id}': {
    summary: 'An attachment with a short-lived download URL',
    tag: 'Files',
    handler: 'functions/files/get-attachment.ts',
    access: 'read',
    files: ['get'],
    request: { params: IdParams },
    response: { status: 200, body: files.AttachmentWithDownload },
  },
  'DELETE /v1/attachments/{id}': {
    summary: 'Delete an attachment and its file (the uploader or an administrator)',
    tag: 'Files',
    handler: 'functions/files/delete-attachment.ts',
    access: 'readWrite',
    files: ['delete'],
    request: { params: IdParams },
    response: { status: 204 },
  },
  'GET /v1/customers/{id}/attachments': {
    summary: "A customer's documents (相关文档), oldest first",
    tag: 'Files',
    handler: 'functions/files/list-customer-attachments.ts',
    access: 'read',
    request: { params: IdParams, query: files.AttachmentListQuery },
    response: { status: 200, body: files.AttachmentPage },
  },
} as const satisfies RouteTable;
