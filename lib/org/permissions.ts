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
  'announcements.publish': '发布公告',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];
