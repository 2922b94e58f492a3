/**
 * THE route table (data only). It drives the HTTP stack (lib/http/http.ts), the CDK functions and
 * API routes (infra/aws), the local server (infra/local) and the OpenAPI document, so the four
 * never drift apart. Keys are `METHOD /path` exactly as API Gateway spells them.
 */
import type { RouteSpec } from './http/route.ts';
import * as org from './org/schemas.ts';
import { IdParams } from './schemas.ts';
import * as settings from './settings/schemas.ts';

export const routes = {
  // ---- organisation --------------------------------------------------------------------------
  'GET /v1/me': {
    summary: 'The caller: user, role, permissions and tenant',
    tag: 'Organisation',
    handler: 'functions/org/get-me.ts',
    access: 'read',
    response: { status: 200, body: org.Me },
  },
  'GET /v1/directory': {
    summary: 'Address book of colleagues (name, pinyin, phone or e-mail search)',
    tag: 'Organisation',
    handler: 'functions/org/get-directory.ts',
    access: 'read',
    request: { query: org.DirectoryQuery },
    response: { status: 200, body: org.DirectoryPage },
  },
  'GET /v1/roles': {
    summary: 'The role tree (every role with parentId and path)',
    tag: 'Organisation',
    handler: 'functions/org/list-roles.ts',
    access: 'read',
    response: { status: 200, body: org.RoleList },
  },
  'POST /v1/roles': {
    summary: 'Create a role below another',
    tag: 'Organisation',
    handler: 'functions/org/create-role.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { body: org.CreateRoleBody },
    response: { status: 201, body: org.Role },
  },
  'PATCH /v1/roles/{id}': {
    summary: 'Rename a role, or move an empty role under another parent; needs If-Match',
    tag: 'Organisation',
    handler: 'functions/org/update-role.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { params: IdParams, body: org.UpdateRoleBody },
    response: { status: 200, body: org.Role },
  },
  'DELETE /v1/roles/{id}': {
    summary: 'Delete a role without users or sub-roles',
    tag: 'Organisation',
    handler: 'functions/org/delete-role.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { params: IdParams },
    response: { status: 204 },
  },
  'PUT /v1/roles/{id}/permissions': {
    summary: "Replace a role's permissions",
    tag: 'Organisation',
    handler: 'functions/org/set-role-permissions.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { params: IdParams, body: org.RolePermissionsBody },
    response: { status: 200, body: org.Role },
  },
  'GET /v1/users': {
    summary: 'Users of the tenant, disabled ones included unless asked otherwise',
    tag: 'Organisation',
    handler: 'functions/org/list-users.ts',
    access: 'read',
    permission: 'users.manage',
    request: { query: org.UserListQuery },
    response: { status: 200, body: org.UserPage },
  },
  'POST /v1/users': {
    summary: 'Add a user with a role',
    tag: 'Organisation',
    handler: 'functions/org/create-user.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { body: org.CreateUserBody },
    response: { status: 201, body: org.User },
  },
  'PATCH /v1/users/{id}': {
    summary: 'Change a user (name, contact, role, disabled); needs If-Match',
    tag: 'Organisation',
    handler: 'functions/org/update-user.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { params: IdParams, body: org.UpdateUserBody },
    response: { status: 200, body: org.User },
  },
  'DELETE /v1/users/{id}': {
    summary: 'Delete a user: their tokens stop working and they leave every list',
    tag: 'Organisation',
    handler: 'functions/org/delete-user.ts',
    access: 'readWrite',
    permission: 'users.manage',
    request: { params: IdParams },
    response: { status: 204 },
  },

  // ---- settings and dictionaries --------------------------------------------------------------
  'GET /v1/settings': {
    summary: "The tenant's settings",
    tag: 'Settings',
    handler: 'functions/settings/get-settings.ts',
    access: 'read',
    response: { status: 200, body: settings.Settings },
  },
  'PATCH /v1/settings': {
    summary: "Change the tenant's settings; needs If-Match",
    tag: 'Settings',
    handler: 'functions/settings/update-settings.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { body: settings.UpdateSettingsBody },
    response: { status: 200, body: settings.Settings },
  },
  'GET /v1/dictionaries/{kind}': {
    summary: 'A dictionary (drop-down options), ordered; trees carry parentId',
    tag: 'Settings',
    handler: 'functions/settings/get-dictionary.ts',
    access: 'read',
    request: { params: settings.DictionaryParams },
    response: { status: 200, body: settings.Dictionary },
  },
  'POST /v1/dictionaries/{kind}/items': {
    summary: 'Add an item to a dictionary',
    tag: 'Settings',
    handler: 'functions/settings/create-dictionary-item.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { params: settings.DictionaryParams, body: settings.CreateDictionaryItemBody },
    response: { status: 201, body: settings.DictionaryItem },
  },
  'PATCH /v1/dictionaries/{kind}/items/{id}': {
    summary: 'Rename, re-order, re-parent or disable a dictionary item; needs If-Match',
    tag: 'Settings',
    handler: 'functions/settings/update-dictionary-item.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { params: settings.DictionaryItemParams, body: settings.UpdateDictionaryItemBody },
    response: { status: 200, body: settings.DictionaryItem },
  },
  'DELETE /v1/dictionaries/{kind}/items/{id}': {
    summary: 'Delete a dictionary item without children',
    tag: 'Settings',
    handler: 'functions/settings/delete-dictionary-item.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { params: settings.DictionaryItemParams },
    response: { status: 204 },
  },
} as const satisfies Record<`${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`, RouteSpec>;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
