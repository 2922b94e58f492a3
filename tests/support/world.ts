import type { Permission } from '#lib/org/permissions.ts';
import * as org from '#lib/org/service.ts';
import { newTenant, type TestUser } from './tenants.ts';

/**
 * A company for data-scope tests: 管理员 > 销售经理 > 销售员 > 实习生, plus 销售助理 beside the reps
 * (below the manager, holding customers.viewAll, above nobody).
 */
export async function world() {
  const t = await newTenant();
  const role = (name: string, parentId: string, permissions: Permission[] = []) =>
    org.createRole(t.auth, { name, parentId, permissions });
  const internRole = await role('实习生', t.roles.rep.id);
  const assistantRole = await role('销售助理', t.roles.manager.id, ['customers.viewAll']);
  const [owner, peer, shared, manager, intern, assistant] = await Promise.all([
    t.addUser('张三', t.roles.rep),
    t.addUser('李四', t.roles.rep),
    t.addUser('王五', t.roles.rep),
    t.addUser('赵经理', t.roles.manager),
    t.addUser('小刘', internRole),
    t.addUser('钱助理', assistantRole),
  ]);
  const other = await newTenant();
  return {
    ...t,
    owner: owner as TestUser,
    peer: peer as TestUser,
    shared: shared as TestUser,
    manager: manager as TestUser,
    intern: intern as TestUser,
    assistant: assistant as TestUser,
    outsider: other.admin,
    internRole,
    assistantRole,
  };
}

export type World = Awaited<ReturnType<typeof world>>;
