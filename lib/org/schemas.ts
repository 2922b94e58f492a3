import * as z from 'zod';
import { Email, Id, Name, PageQuery, pageOf } from '../schemas.ts';
import { ALL_PERMISSIONS } from './permissions.ts';

export const PermissionCode = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const Role = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  path: z.string(),
  permissions: z.array(PermissionCode),
  isRoot: z.boolean(),
  memberCount: z.number().int(),
  childCount: z.number().int(),
  version: z.number().int(),
});
export type Role = z.infer<typeof Role>;

export const Phone = z.string().trim().min(5).max(30);

export const User = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roleId: Id,
  rolePath: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type User = z.infer<typeof User>;

export const CreateRoleBody = z.strictObject({
  name: Name,
  parentId: Id,
  permissions: z.array(PermissionCode).default([]),
});
export const UpdateRoleBody = z
  .strictObject({ name: Name.optional(), parentId: Id.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export const RolePermissionsBody = z.strictObject({ permissions: z.array(PermissionCode) });
export const RoleList = z.object({ items: z.array(Role) });

export const CreateUserBody = z.strictObject({
  name: Name,
  phone: Phone.optional(),
  email: Email.optional(),
  roleId: Id,
});
export const UpdateUserBody = z
  .strictObject({
    name: Name.optional(),
    phone: Phone.nullable().optional(),
    email: Email.nullable().optional(),
    roleId: Id.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export const UserListQuery = PageQuery.extend({ includeDisabled: z.stringbool().default(true) });
export const UserPage = pageOf(User);

export const Me = z.object({
  user: User,
  role: Role,
  permissions: z.array(PermissionCode),
  tenant: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
});

export const DirectoryEntry = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roleId: Id,
  roleName: z.string(),
});
export const DirectoryQuery = PageQuery.extend({ q: z.string().trim().min(1).max(50).optional() });
export const DirectoryPage = pageOf(DirectoryEntry);
