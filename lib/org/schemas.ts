import * as z from 'zod/mini';
import { Email, Id, Name, PageQuery, pageOf } from '../schemas.ts';
import { ALL_PERMISSIONS } from './permissions.ts';

export const PermissionCode = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const Role = z.object({
  id: Id,
  name: z.string(),
  parentId: z.nullable(Id),
  path: z.string(),
  permissions: z.array(PermissionCode),
  isRoot: z.boolean(),
  memberCount: z.number().check(z.int()),
  childCount: z.number().check(z.int()),
  version: z.number().check(z.int()),
});
export type Role = z.infer<typeof Role>;

export const Phone = z.string().check(z.trim(), z.minLength(5), z.maxLength(30));

export const User = z.object({
  id: Id,
  name: z.string(),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  roleId: Id,
  rolePath: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type User = z.infer<typeof User>;

export const CreateRoleBody = z.strictObject({
  name: Name,
  parentId: Id,
  permissions: z._default(z.array(PermissionCode), []),
});
export const UpdateRoleBody = z
  .strictObject({ name: z.optional(Name), parentId: z.optional(Id) })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export const RolePermissionsBody = z.strictObject({ permissions: z.array(PermissionCode) });
export const RoleList = z.object({ items: z.array(Role) });

export const CreateUserBody = z.strictObject({
  name: Name,
  phone: z.optional(Phone),
  email: z.optional(Email),
  roleId: Id,
});
export const UpdateUserBody = z
  .strictObject({
    name: z.optional(Name),
    phone: z.optional(z.nullable(Phone)),
    email: z.optional(z.nullable(Email)),
    roleId: z.optional(Id),
    disabled: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export const UserListQuery = z.extend(PageQuery, {
  includeDisabled: z.pipe(
    z._default(z.enum(['true', 'false']), 'true'),
    z.transform((flag) => flag === 'true'),
  ),
});
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
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  roleId: Id,
  roleName: z.string(),
  /** The role above the colleague's (上级), null for the top role. */
  superiorRoleId: z.nullable(Id),
  superiorRoleName: z.nullable(z.string()),
});
export const DirectoryQuery = z.extend(PageQuery, {
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
});
export const DirectoryPage = pageOf(DirectoryEntry);
