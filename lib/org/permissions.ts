/** Every permission a role can hold. The root role of a tenant (its administrators) holds all. */
export const PERMISSIONS = {
  'customers.viewAll': '查看公司全部客户',
  'customers.purge': '永久删除回收站客户',
  'customers.merge': '合并客户',
  'pool.assign': '分配公海客户',
  'pool.import': '导入公海客户',
  'pool.manage': '管理公海规则',
  'settings.manage': '系统设置与辅助资料',
  'users.manage': '用户与角色管理',
  'analytics.viewAll': '查看全部统计分析',
  'sms.send': '群发短信',
  'approvals.manage': '审批流程设置',
  'integrations.manage': '集成: Webhook 与 API 客户端',
  'announcements.publish': '发布公告',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/**
 * The OAuth resource server of machine clients (lib/clients): one scope per permission,
 * `crm/<permission>`. Cognito's resource server (infra/aws) carries the same scopes.
 */
export const RESOURCE_SERVER = 'crm';

/**
 * What an API client may read beyond the routes that name one of its permissions: the GET routes of
 * these tags. Nothing else is open to a machine, whatever a user without the permission may do.
 */
export const MACHINE_READS: Partial<Record<Permission, readonly string[]>> = {
  'customers.viewAll': ['Customers'],
  'analytics.viewAll': ['Analytics'],
};
