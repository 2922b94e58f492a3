import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as field from './schemas.ts';

/** The field context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const fieldRoutes = {
  // ---- field sales: nearby customers, check-ins, visits (lib/field) ------------------------------
  'GET /v1/customers/nearby': {
    summary:
      'Customers near a point (附近客户) within a view (mine, pool, subordinates, company), nearest first with distances',
    tag: 'Field sales',
    handler: 'functions/field/nearby-customers.ts',
    access: 'read',
    request: { query: field.NearbyQuery },
    response: { status: 200, body: field.NearbyPage },
  },
  'POST /v1/checkins': {
    summary:
      'Check in where you are (定位签到); at a customer it is a visit: distance, offsite flag, and a follow-up (channel 拜访)',
    tag: 'Field sales',
    handler: 'functions/field/create-checkin.ts',
    access: 'readWrite',
    request: { body: field.CreateCheckinBody },
    response: { status: 201, body: field.Checkin },
  },
  'GET /v1/checkins': {
    summary: 'Check-ins of the caller or a subordinate (userId=) over tenant-local days (default today)',
    tag: 'Field sales',
    handler: 'functions/field/list-checkins.ts',
    access: 'read',
    request: { query: field.CheckinListQuery },
    response: { status: 200, body: field.CheckinPage },
  },
  'GET /v1/checkins/{id}': {
    summary: 'A check-in (its user and their superiors)',
    tag: 'Field sales',
    handler: 'functions/field/get-checkin.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: field.Checkin },
  },
  'POST /v1/checkins/{id}/checkout': {
    summary: 'Check out of a check-in (签退): the visit’s duration',
    tag: 'Field sales',
    handler: 'functions/field/checkout.ts',
    access: 'readWrite',
    request: { params: IdParams },
    response: { status: 200, body: field.Checkin },
  },
  'GET /v1/analytics/visits': {
    summary: 'Visits per day, week or month of a rep (the caller or userId=), with the offsite share',
    tag: 'Field sales',
    handler: 'functions/field/visit-stats.ts',
    access: 'read',
    request: { query: field.VisitStatsQuery },
    response: { status: 200, body: field.VisitStats },
  },
} as const satisfies RouteTable;
