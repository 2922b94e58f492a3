import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as checkout } from '#functions/field/checkout.ts';
import { handler as createCheckin } from '#functions/field/create-checkin.ts';
import { handler as listCheckins } from '#functions/field/list-checkins.ts';
import { handler as nearbyCustomers } from '#functions/field/nearby-customers.ts';
import { handler as visitStats } from '#functions/field/visit-stats.ts';
import type { Point } from '#lib/geo.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export { create, type World, world } from '#tests/integration/customers/world.ts';

/** A point `north` and `east` metres from another (flat-earth offsets: fine within a few km). */
export const offset = (p: Point, north: number, east: number): Point => ({
  lat: Math.round((p.lat + north / 111_195) * 1e7) / 1e7,
  lng: Math.round((p.lng + east / (111_195 * Math.cos((p.lat * Math.PI) / 180))) * 1e7) / 1e7,
});

export const PEOPLES_SQUARE = { lat: 31.2304, lng: 121.4737 };

export const nearby = (as: Caller, query: Record<string, string | number>) =>
  invoke('GET /v1/customers/nearby', nearbyCustomers, {
    as,
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
  });

export const checkIn = (as: Caller, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  invoke('POST /v1/checkins', createCheckin, { as, body, headers });

export const checkOut = (as: Caller, id: string) =>
  invoke('POST /v1/checkins/{id}/checkout', checkout, { as, params: { id } });

export const checkins = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/checkins', listCheckins, { as, query });

export const visits = (as: Caller, query: Record<string, string>) =>
  invoke('GET /v1/analytics/visits', visitStats, { as, query });

export async function patch(as: Caller, id: string, version: number, body: Record<string, unknown>) {
  return invoke('PATCH /v1/customers/{id}', updateCustomer, {
    as,
    params: { id },
    body,
    headers: { 'if-match': `"${version}"` },
  });
}
