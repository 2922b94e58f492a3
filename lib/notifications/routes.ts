import type { RouteTable } from '../http/route.ts';
import * as notifications from './schemas.ts';

/** The notifications context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const notificationRoutes = {
  'GET /v1/notifications': {
    summary: "The caller's notifications, newest first; unread=true for the unread ones",
    tag: 'Notifications',
    handler: 'functions/notifications/list-notifications.ts',
    access: 'read',
    request: { query: notifications.NotificationListQuery },
    response: { status: 200, body: notifications.NotificationPage },
  },
  'POST /v1/notifications/{id}/read': {
    summary: 'Mark one of your notifications read',
    tag: 'Notifications',
    handler: 'functions/notifications/mark-read.ts',
    access: 'readWrite',
    request: { params: notifications.NotificationParams },
    response: { status: 200, body: notifications.Notification },
  },
} as const satisfies RouteTable;
