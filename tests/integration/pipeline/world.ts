import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as createContract } from '#functions/pipeline/create-contract.ts';
import { handler as createLead } from '#functions/pipeline/create-lead.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { handler as createPaymentPlan } from '#functions/pipeline/create-payment-plan.ts';
import { handler as createProduct } from '#functions/pipeline/create-product.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

/** The data-scope company (tests/support/world.ts): owner, peer, shared, manager, intern, assistant, outsider. */
export { type World, world } from '#tests/support/world.ts';

let counter = 0;
export const unique = (base: string) => `${base}${++counter}号${Math.random().toString(36).slice(2, 6)}`;

function expectStatus<T = any>(
  res: { status: number; text: string; body: T },
  status: number,
  what: string,
): T {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** A customer of `as`, optionally shared with other users. */
export async function customer(as: Caller, body: Record<string, unknown> = {}, shareWith: string[] = []) {
  const made = expectStatus(
    await invoke('POST /v1/customers', createCustomer, { as, body: { name: unique('测试客户'), ...body } }),
    201,
    'POST /v1/customers',
  );
  if (shareWith.length)
    expectStatus(
      await invoke('POST /v1/customers/{id}/shares', addShares, {
        as,
        params: { id: made.id },
        body: { userIds: shareWith },
      }),
      200,
      'POST /v1/customers/{id}/shares',
    );
  return made as { id: string; name: string; version: number; [k: string]: any };
}

export async function product(as: Caller, body: Record<string, unknown> = {}) {
  return expectStatus(
    await invoke('POST /v1/products', createProduct, {
      as,
      body: { name: unique('产品'), code: unique('P-'), unit: '套', priceFen: 10_000, ...body },
    }),
    201,
    'POST /v1/products',
  ) as { id: string; code: string; priceFen: number; version: number; [k: string]: any };
}

export async function lead(as: Caller, body: Record<string, unknown> = {}) {
  return expectStatus(
    await invoke('POST /v1/leads', createLead, {
      as,
      body: { name: '陈先生', company: unique('线索公司'), ...body },
    }),
    201,
    'POST /v1/leads',
  ) as { id: string; version: number; [k: string]: any };
}

export async function opportunity(as: Caller, customerId: string, body: Record<string, unknown> = {}) {
  return expectStatus(
    await invoke('POST /v1/opportunities', createOpportunity, {
      as,
      body: { customerId, name: unique('商机'), amountFen: 500_000, ...body },
    }),
    201,
    'POST /v1/opportunities',
  ) as { id: string; version: number; stage: string; [k: string]: any };
}

export async function contract(
  as: Caller,
  customerId: string,
  productId: string,
  body: Record<string, unknown> = {},
) {
  return expectStatus(
    await invoke('POST /v1/contracts', createContract, {
      as,
      body: { customerId, lines: [{ productId, quantity: 1 }], ...body },
    }),
    201,
    'POST /v1/contracts',
  ) as { id: string; version: number; totalFen: number; [k: string]: any };
}

export async function plan(as: Caller, contractId: string, body: Record<string, unknown>) {
  return expectStatus(
    await invoke('POST /v1/contracts/{id}/payment-plans', createPaymentPlan, {
      as,
      params: { id: contractId },
      body,
    }),
    201,
    'POST /v1/contracts/{id}/payment-plans',
  ) as { id: string; [k: string]: any };
}

/** The problem+json field errors of an answer, as `path:code`. */
export const fieldErrors = (res: { body: any }) =>
  ((res.body?.errors ?? []) as Array<{ path: string; code: string }>).map((e) => `${e.path}:${e.code}`);
