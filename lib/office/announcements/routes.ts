import type { RouteTable } from '../../http/route.ts';
import { IdParams } from '../../schemas.ts';
import * as announcements from './schemas.ts';

/** The office's announcement (公告) routes (data only); lib/office/routes.ts assembles the office's. */
export const announcementRoutes = {
  'POST /v1/announcements': {
    summary:
      'Publish an announcement to all, roles (with everyone below them) or users; pinned, valid window',
    tag: 'Announcements',
    handler: 'functions/office/create-announcement.ts',
    access: 'readWrite',
    permission: 'announcements.publish',
    request: { body: announcements.CreateAnnouncementBody },
    response: { status: 201, body: announcements.Announcement },
  },
  'GET /v1/announcements': {
    summary: 'Announcements addressed to me and valid now, pinned first; unread=true for the unread ones',
    tag: 'Announcements',
    handler: 'functions/office/list-announcements.ts',
    access: 'read',
    request: { query: announcements.InboxQuery },
    response: { status: 200, body: announcements.InboxPage },
  },
  'GET /v1/announcements/{id}': {
    summary: 'An announcement (marks it read for its reader; ETag)',
    tag: 'Announcements',
    handler: 'functions/office/get-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: announcements.Announcement },
  },
  'GET /v1/announcements/{id}/reads': {
    summary: 'Who has read an announcement and who has not (its publisher or an administrator)',
    tag: 'Announcements',
    handler: 'functions/office/get-announcement-reads.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: announcements.Reads },
  },
  'PATCH /v1/announcements/{id}': {
    summary: 'Edit an announcement (its publisher or an administrator); needs If-Match',
    tag: 'Announcements',
    handler: 'functions/office/update-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams, body: announcements.UpdateAnnouncementBody },
    response: { status: 200, body: announcements.Announcement },
  },
  'DELETE /v1/announcements/{id}': {
    summary: 'Delete an announcement (its publisher or an administrator)',
    tag: 'Announcements',
    handler: 'functions/office/delete-announcement.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 204 },
  },
} as const satisfies RouteTable;
