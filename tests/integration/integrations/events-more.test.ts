import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { company, flow, must, request } from '../approvals/world.ts';
import { checkIn, checkOut } from '../field/world.ts';
import { complete, create, upload } from '../files/world.ts';
import { fitsSchema, recordEvents } from './world.ts';

let recorder: Awaited<ReturnType<typeof recordEvents>>;
beforeAll(async () => {
  recorder = await recordEvents();
});
afterAll(async () => {
  await recorder.stop();
});

const of = (events: DomainEvent[], type: string, id: string) =>
  events.filter((e) => e.type === type && e.subject.id === id);

describe('domain events of approvals, check-ins and attachments', () => {
  it('makes a request submitted, a step approved and the decision one event each, with who acted', async () => {
    const c = await company();
    const f = await flow(c.admin, {
      type: 'general',
      steps: [
        { name: '经理', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' },
        { name: '总监', approvers: { kind: 'superior', level: 2 }, mode: 'sequential' },
      ],
    });
    const r = await request(c.rep, { flowId: f.id, form: {} });
    await must('approve', c.manager, r.id);
    await must('approve', c.director, r.id);

    const events = await recorder.of(c.tenantId);

    expect(of(events, 'approval.submitted', r.id).map((e) => e.actor)).toEqual([{ id: c.rep.userId }]);
    expect(of(events, 'approval.updated', r.id).map((e) => e.actor)).toEqual([{ id: c.manager.userId }]);
    expect(of(events, 'approval.approved', r.id).map((e) => e.actor)).toEqual([{ id: c.director.userId }]);
    expect(events.filter((e) => !fitsSchema(e)).map((e) => e.type)).toEqual([]);
    expect(JSON.stringify(events)).not.toMatch(/submitterRolePath|pendingSince/);
  });

  it('makes a check-in, its check-out and a confirmed attachment one event each', async () => {
    const c = await company();
    const k = await checkIn(c.rep, { location: { lat: 31.23, lng: 121.47 }, note: '路过拜访' });
    expect(k.status).toBe(201);
    expect((await checkOut(c.rep, k.body.id)).status).toBe(200);
    const customer = await create(c.rep);
    const a = await upload(c.rep, { kind: 'customer', id: customer.id }, randomBytes(64));
    expect((await complete(c.rep, a)).status).toBe(200);

    const events = await recorder.of(c.tenantId);

    expect(of(events, 'checkin.created', k.body.id)).toHaveLength(1);
    expect(of(events, 'checkin.checkedOut', k.body.id)).toHaveLength(1);
    expect(of(events, 'attachment.ready', a).map((e) => e.actor)).toEqual([{ id: c.rep.userId }]);
    expect(JSON.stringify(of(events, 'attachment.ready', a))).not.toContain('objectKey');
    expect(events.filter((e) => !fitsSchema(e)).map((e) => e.type)).toEqual([]);
  });
});
