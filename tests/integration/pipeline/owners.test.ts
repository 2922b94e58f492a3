import { describe, expect, it } from 'vitest';
import { handler as listContracts } from '#functions/pipeline/list-contracts.ts';
import { handler as listLeads } from '#functions/pipeline/list-leads.ts';
import { handler as listOpportunities } from '#functions/pipeline/list-opportunities.ts';
import { handler as listPaymentPlans } from '#functions/pipeline/list-payment-plans.ts';
import * as org from '#lib/org/service.ts';
import { reassignPipelineOwner } from '#lib/pipeline/owners.ts';
import { getPlan } from '#lib/pipeline/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { contract, customer, lead, opportunity, plan, product } from './world.ts';

describe('reassignPipelineOwner', () => {
  it("moves a user's leads, opportunities and contracts to their new superiors' views, once", async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const otherManagerRole = await org.createRole(t.auth, {
      name: '二部经理',
      parentId: t.roles.root.id,
      permissions: [],
    });
    const otherManager = await t.addUser('钱经理', otherManagerRole);
    const newRepRole = await org.createRole(t.auth, {
      name: '二部销售',
      parentId: otherManagerRole.id,
      permissions: [],
    });
    const p = await product(t.admin);
    const c = await customer(rep);
    const l = await lead(rep);
    const o = await opportunity(rep, c.id);
    const k = await contract(rep, c.id, p.id);
    const pl = await plan(rep, k.id, { dueOn: '2026-04-01', amountFen: 100 });

    const stamp = { rolePath: newRepRole.path, name: '张三丰' };
    const first = await reassignPipelineOwner(t.tenantId, rep.userId, stamp);
    const second = await reassignPipelineOwner(t.tenantId, rep.userId, stamp);

    expect(first).toBe(3);
    expect(second).toBe(0);
    const view = { view: 'subordinates' };
    const leads = await invoke('GET /v1/leads', listLeads, { as: otherManager, query: view });
    const opps = await invoke('GET /v1/opportunities', listOpportunities, { as: otherManager, query: view });
    const funnel = await invoke('GET /v1/opportunities', listOpportunities, {
      as: otherManager,
      query: { ...view, stage: 'initial' },
    });
    const contracts = await invoke('GET /v1/contracts', listContracts, { as: otherManager, query: view });
    expect(leads.body.items.map((x: any) => [x.id, x.ownerName])).toEqual([[l.id, '张三丰']]);
    expect(opps.body.items.map((x: any) => x.id)).toEqual([o.id]);
    expect(funnel.body.items.map((x: any) => x.id)).toEqual([o.id]);
    expect(contracts.body.items.map((x: any) => x.id)).toEqual([k.id]);
    expect(await getPlan(t.tenantId, c.id, k.id, pl.id)).toMatchObject({ ownerRolePath: newRepRole.path });
    const plans = await invoke('GET /v1/contracts/{id}/payment-plans', listPaymentPlans, {
      as: otherManager,
      params: { id: k.id },
    });
    expect(plans.body.items.map((x: any) => x.id)).toEqual([pl.id]);
    const formerManager = await t.addUser('赵经理', t.roles.manager);
    const old = await invoke('GET /v1/opportunities', listOpportunities, { as: formerManager, query: view });
    expect(old.body.items).toEqual([]);
  });
});
