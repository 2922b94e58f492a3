import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Conflict, NotFound, Unprocessable } from '../http/errors.ts';
import { loadContract, present as presentContract } from './contracts.ts';
import * as repo from './repository.ts';
import {
  applyPayment,
  assertPlanFits,
  assertTakesPayments,
  overpayment,
  ownsOrIsAbove,
  planOverpayment,
} from './rules.ts';
import {
  type Contract,
  type CreatePaymentInput,
  CURRENCY,
  type Payment,
  type PaymentPlan,
} from './schemas.ts';

/**
 * Payment plans (收款计划/回款计划) and payments received (收款情况/回款), seed 001/002. The contract
 * holds what is received and planned; DynamoDB conditions keep both within the total, whatever
 * the concurrency (repository.contractMoneyStep).
 */

const presentPlan = ({
  outstandingFen: _,
  contractTitle: __,
  customerName: ___,
  ownerRolePath: ____,
  ...p
}: repo.PaymentPlanRecord): PaymentPlan => p;

const presentPayment = ({ ownerId: _, ownerRolePath: __, ...p }: repo.PaymentRecord): Payment => p;

/** Another payment changed the plan between our read and our write: read again. */
class StalePlan extends Error {}

/** The contract changed hands between our read and our write: read again (the child carries its owner). */
class StaleOwner extends Error {}

const ownerChanged = (read: repo.ContractRecord, current: repo.ContractRecord) =>
  read.ownerId !== current.ownerId || read.ownerRolePath !== current.ownerRolePath;

const closedContract = (c: repo.ContractRecord) =>
  new Unprocessable('contract_closed', `The contract is ${c.status}; it takes no new payment plans.`);

/** A plan (due date, amount) of a contract; all plans together stay within the total (422 plan_exceeds_total). */
export async function createPaymentPlan(
  auth: Auth,
  contractId: string,
  input: { dueOn: string; amountFen: number; note?: string | undefined },
): Promise<PaymentPlan> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await addPlan(auth, contractId, input);
    } catch (error) {
      if (!(error instanceof StaleOwner)) throw error;
      if (attempt >= 5) throw new Conflict('write_conflict', 'The contract keeps changing hands; retry.');
    }
  }
}

async function addPlan(
  auth: Auth,
  contractId: string,
  input: { dueOn: string; amountFen: number; note?: string | undefined },
): Promise<PaymentPlan> {
  const { contract: c } = await loadContract(auth, contractId, 'edit');
  if (c.status === 'terminated' || c.status === 'completed') throw closedContract(c);
  assertPlanFits(c, input.amountFen);
  const at = now().toISOString();
  const plan: repo.PaymentPlanRecord = {
    id: ulid(),
    contractId: c.id,
    customerId: c.customerId,
    dueOn: input.dueOn,
    amountFen: input.amountFen,
    receivedFen: 0,
    outstandingFen: input.amountFen,
    currency: CURRENCY,
    status: 'open',
    note: input.note ?? null,
    ownerId: c.ownerId,
    ownerRolePath: c.ownerRolePath,
    contractTitle: c.title,
    customerName: c.customerName,
    createdAt: at,
    createdBy: auth.userId,
    version: 1,
  };
  await repo.commit([
    repo.contractMoneyStep(auth.tenantId, c, 'plan', input.amountFen, at, async () => {
      const current = await repo.getContract(auth.tenantId, c.customerId, c.id);
      if (!current) return new NotFound('contract');
      if (ownerChanged(c, current)) return new StaleOwner();
      if (current.status === 'terminated' || current.status === 'completed') return closedContract(current);
      try {
        assertPlanFits(current, input.amountFen);
      } catch (error) {
        return error as Error;
      }
      return new Conflict('write_conflict', 'The contract changed meanwhile; retry.');
    }),
    repo.newPlanStep(auth.tenantId, plan),
  ]);
  return presentPlan(plan);
}

/**
 * Records a payment received, optionally against a plan, in one transaction: the contract's
 * received total grows on the condition that it stays within the total (422 overpayment, also when
 * many payments race), the plan's likewise (422 plan_overpayment), and the payment item.
 */
export async function createPayment(
  auth: Auth,
  input: CreatePaymentInput,
): Promise<{ payment: Payment; contract: Contract; plan: PaymentPlan | null }> {
  for (let attempt = 1; ; attempt += 1) {
    const { contract: c } = await loadContract(auth, input.contractId, 'edit');
    assertTakesPayments(c);
    const plan =
      (input.planId ? await repo.getPlan(auth.tenantId, c.customerId, c.id, input.planId) : null) ?? null;
    if (input.planId && !plan)
      throw new BadRequest('Some fields are invalid.', [
        {
          path: 'body.planId',
          code: 'unknown_plan',
          message: 'No payment plan of this contract has this id',
        },
      ]);
    applyPayment(c, plan, input.amountFen);
    const at = now().toISOString();
    const payment: repo.PaymentRecord = {
      id: ulid(),
      contractId: c.id,
      customerId: c.customerId,
      ownerId: c.ownerId,
      ownerRolePath: c.ownerRolePath,
      planId: plan?.id ?? null,
      amountFen: input.amountFen,
      currency: CURRENCY,
      receivedOn: input.receivedOn,
      method: input.method ?? null,
      note: input.note ?? null,
      createdAt: at,
      createdBy: auth.userId,
      createdByName: auth.userName,
    };
    try {
      await repo.commit([
        repo.contractMoneyStep(auth.tenantId, c, 'payment', input.amountFen, at, async () => {
          const current = await repo.getContract(auth.tenantId, c.customerId, c.id);
          if (!current) return new NotFound('contract');
          if (ownerChanged(c, current)) return new StaleOwner();
          try {
            assertTakesPayments(current);
          } catch (error) {
            return error as Error;
          }
          return overpayment(current.outstandingFen);
        }),
        ...(plan
          ? [
              repo.planPaymentStep(auth.tenantId, plan, input.amountFen, async () => {
                const current = await repo.getPlan(auth.tenantId, plan.customerId, plan.contractId, plan.id);
                if (current && current.outstandingFen < input.amountFen)
                  return planOverpayment(current.outstandingFen);
                return new StalePlan();
              }),
            ]
          : []),
        repo.newPaymentStep(auth.tenantId, payment),
      ]);
    } catch (error) {
      const stale = error instanceof StalePlan || error instanceof StaleOwner;
      if (stale && attempt < 8) continue;
      if (stale) throw new Conflict('write_conflict', 'The contract or payment plan keeps changing; retry.');
      throw error;
    }
    const [contract, planAfter] = await Promise.all([
      repo.getContract(auth.tenantId, c.customerId, c.id),
      plan ? repo.getPlan(auth.tenantId, plan.customerId, plan.contractId, plan.id) : undefined,
    ]);
    return {
      payment: presentPayment(payment),
      contract: presentContract(contract ?? c),
      plan: planAfter ? presentPlan(planAfter) : null,
    };
  }
}

/**
 * A page of a contract's plans or payments, from the contract's own partition (no read of the
 * contract's reference or the contract first). Each child carries the contract's owner: when the
 * caller owns or supervises it, the page is theirs; otherwise (and for an empty page, which cannot
 * tell) the contract is loaded with its full scope check, 404 when invisible or unknown.
 */
async function contractChildPage<T extends repo.ContractScope, P>(
  auth: Auth,
  contractId: string,
  list: { spec: repo.ListSpec; name: string; present: (child: T) => P },
  query: { limit: number; cursor?: string | undefined },
): Promise<Page<P>> {
  const page = await repo.listPage<T>(auth.tenantId, list.spec, query, `${list.name}|${contractId}`);
  if (!(page.items.length > 0 && page.items.every((child) => ownsOrIsAbove(auth, child))))
    await loadContract(auth, contractId, 'see');
  return { items: page.items.map(list.present), nextCursor: page.nextCursor };
}

/** The payment plans of a contract, oldest first. */
export const listPaymentPlans = (
  auth: Auth,
  contractId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<PaymentPlan>> =>
  contractChildPage<repo.PaymentPlanRecord, PaymentPlan>(
    auth,
    contractId,
    { spec: repo.contractPlans(auth.tenantId, contractId), name: 'plans', present: presentPlan },
    page,
  );

/** The payments of a contract, newest first. */
export const listPayments = (
  auth: Auth,
  contractId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Payment>> =>
  contractChildPage<repo.PaymentRecord, Payment>(
    auth,
    contractId,
    { spec: repo.contractPayments(auth.tenantId, contractId), name: 'payments', present: presentPayment },
    page,
  );
