import type { RouteTable } from '../http/route.ts';
import * as contacts from './schemas.ts';

/** The contacts context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const contactRoutes = {
  // ---- contacts and SMS (lib/contacts, lib/sms) ----------------------------------------------------
  'POST /v1/customers/{id}/contacts': {
    summary: 'Add a contact to a customer the caller may change (the first becomes primary)',
    tag: 'Contacts and SMS',
    handler: 'functions/contacts/create-contact.ts',
    access: 'readWrite',
    request: { params: contacts.CustomerContactsParams, body: contacts.ContactInput },
    response: { status: 201, body: contacts.Contact },
  },
  'GET /v1/contacts': {
    summary: 'Contacts of every customer the caller may see (联系人查询); q= name, pinyin or phone',
    tag: 'Contacts and SMS',
    handler: 'functions/contacts/list-contacts.ts',
    access: 'read',
    request: { query: contacts.ContactListQuery },
    response: { status: 200, body: contacts.ContactPage },
  },
  'GET /v1/contacts/{id}': {
    summary: 'A contact (ETag)',
    tag: 'Contacts and SMS',
    handler: 'functions/contacts/get-contact.ts',
    access: 'read',
    request: { params: contacts.ContactParams },
    response: { status: 200, body: contacts.Contact },
  },
  'PATCH /v1/contacts/{id}': {
    summary: 'Edit a contact; needs If-Match (primary: true takes the flag from the other contact)',
    tag: 'Contacts and SMS',
    handler: 'functions/contacts/update-contact.ts',
    access: 'readWrite',
    request: { params: contacts.ContactParams, body: contacts.UpdateContactBody },
    response: { status: 200, body: contacts.Contact },
  },
  'DELETE /v1/contacts/{id}': {
    summary: 'Delete a contact',
    tag: 'Contacts and SMS',
    handler: 'functions/contacts/delete-contact.ts',
    access: 'readWrite',
    request: { params: contacts.ContactParams },
    response: { status: 204 },
  },
} as const satisfies RouteTable;
