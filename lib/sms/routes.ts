import type { RouteTable } from '../http/route.ts';
import * as sms from './schemas.ts';

/** The sms context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const smsRoutes = {
  'POST /v1/sms/broadcasts': {
    summary: 'Text up to 1,000 visible contacts (群发短信): 202 with the id; sent in the background',
    tag: 'Contacts and SMS',
    handler: 'functions/sms/create-broadcast.ts',
    access: 'readWrite',
    permission: 'sms.send',
    request: { body: sms.CreateBroadcastBody },
    response: { status: 202, body: sms.BroadcastCreated },
  },
  'GET /v1/sms/broadcasts/{id}': {
    summary: 'A broadcast: status, counts and a page of recipients with their status',
    tag: 'Contacts and SMS',
    handler: 'functions/sms/get-broadcast.ts',
    access: 'read',
    request: { params: sms.BroadcastParams, query: sms.BroadcastQuery },
    response: { status: 200, body: sms.Broadcast },
  },
  'POST /v1/sms/opt-outs': {
    summary: 'Stop all SMS to a number (退订), tenant-wide; 200 when it had opted out already',
    tag: 'Contacts and SMS',
    handler: 'functions/sms/add-opt-out.ts',
    access: 'readWrite',
    permission: 'sms.send',
    request: { body: sms.OptOutBody },
    response: { status: 201, body: sms.OptOut },
  },
  'DELETE /v1/sms/opt-outs': {
    summary: 'Let SMS reach a number again',
    tag: 'Contacts and SMS',
    handler: 'functions/sms/remove-opt-out.ts',
    access: 'readWrite',
    permission: 'sms.send',
    request: { body: sms.OptOutBody },
    response: { status: 204 },
  },
  'GET /v1/sms/opt-outs': {
    summary: "The tenant's opted-out numbers",
    tag: 'Contacts and SMS',
    handler: 'functions/sms/list-opt-outs.ts',
    access: 'read',
    permission: 'sms.send',
    request: { query: sms.OptOutListQuery },
    response: { status: 200, body: sms.OptOutPage },
  },
} as const satisfies RouteTable;
