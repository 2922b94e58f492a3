import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { company, flow, request } from '../approvals/world.ts';
import { announce, complete, read, upload } from './world.ts';

/** An approval's attachments (a receipt on an expense) are seen by whoever sees the request. */
describe('attachments to an approval request', () => {
  it('are visible to the submitter and the approver, 404 to an uninvolved peer and another tenant', async () => {
    const c = await company();
    const f = await flow(c.admin, {
      type: 'expense',
      steps: [{ name: '主管审批', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' }],
    });
    const r = await request(c.rep, {
      flowId: f.id,
      form: { lines: [{ date: '2026-12-01', category: '交通', amountFen: 3500 }] },
    });
    const target = { kind: 'approval', id: r.id };

    const id = await upload(c.rep, target, randomBytes(512));
    const done = await complete(c.rep, id);
    const byPeer = await announce(c.peer, {
      fileName: 'x.pdf',
      contentType: 'application/pdf',
      size: 1,
      target,
    });

    expect(done.status).toBe(200);
    expect((await read(c.manager, id)).status).toBe(200);
    expect((await read(c.peer, id)).status).toBe(404);
    expect((await read(c.outsider, id)).status).toBe(404);
    expect(byPeer.status).toBe(404);
  });
});
