import { BadRequest, Conflict, type FieldError, Unprocessable } from '../http/errors.ts';
import { isAbove } from '../org/rules.ts';
import {
  type Contract,
  type ContractStatus,
  type Lead,
  MAX_FEN,
  type Opportunity,
  type PaymentPlan,
  type PutStagesInput,
  type Stage,
  type StageMove,
} from './schemas.ts';

/** Pure decisions of the sales pipeline: money, stages, statuses, scope. No I/O (reminders: reminder-rules.ts). */

// ---- money ---------------------------------------------------------------------------------------

/** Rounds num/den (both non-negative) to the nearest integer, halves up. */
const divideHalfUp = (num: bigint, den: bigint) => (num * 2n + den) / (den * 2n);

/**
 * One contract line in integer fen. Quantities carry up to three decimals and discounts up to two,
 * so both become exact integers (thousandths, basis points) and the line is computed exactly in
 * BigInt, then rounded ONCE to the fen, half up:
 *   listFen   = round(quantity × unitPriceFen)
 *   amountFen = round(quantity × unitPriceFen × (100 − discountPct) / 100)
 * The contract total is the sum of the rounded line amounts, so every line shown adds up to it.
 */
export function lineAmounts(quantity: number, unitPriceFen: number, discountPct = 0) {
  const milli = BigInt(Math.round(quantity * 1000));
  const keptBp = BigInt(10_000 - Math.round(discountPct * 100));
  const price = BigInt(unitPriceFen);
  return {
    listFen: Number(divideHalfUp(milli * price, 1000n)),
    amountFen: Number(divideHalfUp(milli * price * keptBp, 1000n * 10_000n)),
  };
}

export interface PricedLine {
  quantity: number;
  unitPriceFen: number;
  discountPct: number;
}

/** The total of the lines (each rounded on its own); 422 when it passes what the API stores. */
export function contractTotal(lines: readonly PricedLine[]): number {
  const total = lines.reduce(
    (sum, l) => sum + lineAmounts(l.quantity, l.unitPriceFen, l.discountPct).amountFen,
    0,
  );
  if (total > MAX_FEN)
    throw new Unprocessable('total_too_large', `A contract total cannot pass ${MAX_FEN} fen.`);
  return total;
}

// ---- opportunity stages --------------------------------------------------------------------------

/** What a tenant starts with until it saves its own list (销售阶段 with 赢率). */
export const DEFAULT_STAGES: readonly Stage[] = [
  { key: 'initial', name: '初步接洽', probability: 10, terminal: null, disabled: false },
  { key: 'needs', name: '需求确认', probability: 30, terminal: null, disabled: false },
  { key: 'proposal', name: '方案报价', probability: 50, terminal: null, disabled: false },
  { key: 'negotiation', name: '谈判审核', probability: 80, terminal: null, disabled: false },
  { key: 'won', name: '赢单', probability: 100, terminal: 'won', disabled: false },
  { key: 'lost', name: '输单', probability: 0, terminal: 'lost', disabled: false },
];

/**
 * A new stage list replacing `previous`. Keys are unique; exactly one won and one lost stage
 * (probability 100 and 0) whose keys never change; at least one enabled open stage; and no key in
 * use may disappear (opportunities point at it): disable it instead.
 */
export function validateStages(input: PutStagesInput['stages'], previous: readonly Stage[]): Stage[] {
  const errors: FieldError[] = [];
  const stages: Stage[] = input.map((s) => ({
    key: s.key,
    name: s.name,
    probability: s.probability,
    terminal: s.terminal ?? null,
    disabled: s.disabled ?? false,
  }));
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    if (seen.has(s.key))
      errors.push({
        path: `body.stages.${i}.key`,
        code: 'duplicate_key',
        message: 'Stage keys must be unique',
      });
    seen.add(s.key);
    if (s.terminal === 'won' && s.probability !== 100)
      errors.push({
        path: `body.stages.${i}.probability`,
        code: 'won_is_100',
        message: 'A won stage is 100%',
      });
    if (s.terminal === 'lost' && s.probability !== 0)
      errors.push({ path: `body.stages.${i}.probability`, code: 'lost_is_0', message: 'A lost stage is 0%' });
    if (s.terminal && s.disabled)
      errors.push({
        path: `body.stages.${i}.disabled`,
        code: 'terminal_enabled',
        message: 'Won and lost stay enabled',
      });
  });
  for (const outcome of ['won', 'lost'] as const) {
    const count = stages.filter((s) => s.terminal === outcome).length;
    if (count !== 1)
      errors.push({
        path: 'body.stages',
        code: `one_${outcome}`,
        message: `Exactly one stage must be ${outcome}`,
      });
    const before = previous.find((s) => s.terminal === outcome);
    const after = stages.find((s) => s.terminal === outcome);
    if (before && after && before.key !== after.key)
      errors.push({
        path: 'body.stages',
        code: 'terminal_key_fixed',
        message: `The ${outcome} stage keeps its key "${before.key}"`,
      });
  }
  if (!stages.some((s) => !s.terminal && !s.disabled))
    errors.push({
      path: 'body.stages',
      code: 'no_open_stage',
      message: 'Keep at least one enabled open stage',
    });
  for (const old of previous) {
    if (!seen.has(old.key))
      errors.push({
        path: 'body.stages',
        code: 'stage_removed',
        message: `Stage "${old.key}" may be in use: disable it rather than remove it`,
      });
  }
  if (errors.length > 0) throw new BadRequest('The stage list is not valid.', errors);
  return stages;
}

const unknownStage = (key: string, path: string) =>
  new BadRequest('No such stage.', [
    { path, code: 'unknown_stage', message: `"${key}" is not an enabled stage of this company` },
  ]);

/** The stage a new opportunity starts at: an enabled open stage (closing is a move of its own). */
export function initialStage(stages: readonly Stage[], requested: string | undefined, path: string): Stage {
  if (requested === undefined) {
    const first = stages.find((s) => !s.terminal && !s.disabled);
    if (!first) throw new Unprocessable('no_open_stage', 'The company has no open stage.');
    return first;
  }
  const stage = stages.find((s) => s.key === requested && !s.disabled);
  if (!stage) throw unknownStage(requested, path);
  if (stage.terminal)
    throw new Unprocessable(
      'terminal_stage',
      'A new opportunity starts open; win or lose it with POST /v1/opportunities/{id}/stage.',
    );
  return stage;
}

export type OpportunityState = Pick<
  Opportunity,
  'stage' | 'probability' | 'status' | 'closedAt' | 'stageHistory' | 'updatedAt' | 'version'
>;

/** A long stage history would outgrow the item; no real opportunity moves this often. */
export const MAX_STAGE_MOVES = 500;

/**
 * Moves an opportunity to another stage, recording who moved it from where and when. Won and lost
 * are terminal (422 opportunity_closed); the same stage again is 422 same_stage.
 */
export function moveStage<T extends OpportunityState>(
  opp: T,
  stages: readonly Stage[],
  to: string,
  actor: { id: string; name: string },
  at: string,
  note: string | null = null,
): T {
  if (opp.status !== 'open')
    throw new Unprocessable('opportunity_closed', `The opportunity is ${opp.status}; its stage is final.`);
  const stage = stages.find((s) => s.key === to && !s.disabled);
  if (!stage) throw unknownStage(to, 'body.stage');
  if (stage.key === opp.stage)
    throw new Unprocessable('same_stage', `The opportunity is at "${to}" already.`);
  if (opp.stageHistory.length >= MAX_STAGE_MOVES)
    throw new Unprocessable('too_many_moves', 'This opportunity has been moved too often.');
  const move: StageMove = {
    from: opp.stage,
    to: stage.key,
    at,
    actorId: actor.id,
    actorName: actor.name,
    note,
  };
  return {
    ...opp,
    stage: stage.key,
    probability: stage.probability,
    status: stage.terminal ?? 'open',
    closedAt: stage.terminal ? at : null,
    stageHistory: [...opp.stageHistory, move],
    updatedAt: at,
    version: opp.version + 1,
  };
}

// ---- leads ---------------------------------------------------------------------------------------

/** A converted lead is history: it changes no more (409 already_converted). */
export function assertLeadOpen(lead: Pick<Lead, 'status' | 'customerId'>): void {
  if (lead.status === 'converted')
    throw new Conflict('already_converted', 'The lead has been converted already.', {
      customerId: lead.customerId,
    });
}

// ---- contracts -----------------------------------------------------------------------------------

export interface ContractDates {
  signedOn: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

/** A contract cannot end before it starts. */
export function checkDates(d: ContractDates, prefix = 'body'): void {
  if (d.startsOn && d.endsOn && d.endsOn < d.startsOn)
    throw new BadRequest('The contract ends before it starts.', [
      { path: `${prefix}.endsOn`, code: 'ends_before_start', message: 'endsOn must not be before startsOn' },
    ]);
}

const TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['signed', 'terminated'],
  signed: ['completed', 'terminated'],
  completed: [],
  terminated: [],
  // Only the approval's decision moves these (lib/pipeline/consumers.ts onContractApproval).
  pending_approval: [],
  rejected: [],
};

/**
 * The next status: draft → signed → completed, and draft or signed → terminated. Signing needs a
 * signing date; completed and terminated contracts change no more.
 */
export function nextStatus(
  from: ContractStatus,
  to: ContractStatus | undefined,
  signedOn: string | null,
): ContractStatus {
  if (from === 'completed' || from === 'terminated' || from === 'rejected')
    throw new Unprocessable('contract_closed', `The contract is ${from}; it changes no more.`);
  if (to === undefined || to === from) {
    if (from === 'signed' && !signedOn)
      throw new Unprocessable('signed_on_required', 'A signed contract keeps its signing date.');
    return from;
  }
  if (!TRANSITIONS[from].includes(to))
    throw new Unprocessable('invalid_transition', `A ${from} contract cannot become ${to}.`);
  if (to === 'signed' && !signedOn)
    throw new Unprocessable('signed_on_required', 'Give signedOn to sign the contract.');
  return to;
}

/** The money fields of a contract after its total changes: never below what is received or planned. */
export function retotal(
  c: Pick<Contract, 'receivedFen' | 'plannedFen'>,
  totalFen: number,
): { totalFen: number; outstandingFen: number; unplannedFen: number } {
  if (totalFen < c.receivedFen)
    throw new Unprocessable(
      'total_below_received',
      `The new total (${totalFen} fen) is less than what has been received (${c.receivedFen} fen).`,
    );
  if (totalFen < c.plannedFen)
    throw new Unprocessable(
      'total_below_planned',
      `The new total (${totalFen} fen) is less than the payment plans (${c.plannedFen} fen).`,
    );
  return { totalFen, outstandingFen: totalFen - c.receivedFen, unplannedFen: totalFen - c.plannedFen };
}

/** Payments are taken on signed (or completed) contracts only. */
export function assertTakesPayments(c: Pick<Contract, 'status'>): void {
  if (c.status !== 'signed' && c.status !== 'completed')
    throw new Unprocessable('contract_not_signed', `A ${c.status} contract takes no payments.`);
}

/** Plans cannot promise more than the contract's total (422 plan_exceeds_total). */
export function assertPlanFits(c: Pick<Contract, 'totalFen' | 'plannedFen'>, amountFen: number): void {
  if (c.plannedFen + amountFen > c.totalFen)
    throw new Unprocessable(
      'plan_exceeds_total',
      `Payment plans would total ${c.plannedFen + amountFen} fen, more than the contract's ${c.totalFen} fen.`,
      { unplannedFen: c.totalFen - c.plannedFen },
    );
}

export const overpayment = (outstandingFen: number) =>
  new Unprocessable(
    'overpayment',
    `The payment is more than the ${outstandingFen} fen outstanding on the contract.`,
    { outstandingFen },
  );

export const planOverpayment = (outstandingFen: number) =>
  new Unprocessable(
    'plan_overpayment',
    `The payment is more than the ${outstandingFen} fen outstanding on the payment plan.`,
    { outstandingFen },
  );

/** What a payment leaves (or refuses): the contract's and the plan's outstanding amounts. */
export function applyPayment(
  c: Pick<Contract, 'outstandingFen'>,
  plan: Pick<PaymentPlan, 'amountFen' | 'receivedFen'> | null,
  amountFen: number,
): { contractOutstanding: number; planOutstanding: number | null } {
  if (amountFen > c.outstandingFen) throw overpayment(c.outstandingFen);
  if (plan && amountFen > plan.amountFen - plan.receivedFen)
    throw planOverpayment(plan.amountFen - plan.receivedFen);
  return {
    contractOutstanding: c.outstandingFen - amountFen,
    planOutstanding: plan ? plan.amountFen - plan.receivedFen - amountFen : null,
  };
}

// ---- data scope ----------------------------------------------------------------------------------

export interface Viewer {
  userId: string;
  rolePath: string;
  isAdmin: boolean;
  permissions: ReadonlySet<string>;
}

export interface Owned {
  ownerId: string;
  ownerRolePath: string;
}

/** The record's owner, their superiors and administrators. */
export const ownsOrIsAbove = (viewer: Viewer, r: Owned) =>
  viewer.isAdmin || r.ownerId === viewer.userId || isAbove(viewer.rolePath, r.ownerRolePath);

/** Leads: their owner and superiors, administrators and holders of customers.viewAll. */
export const canSeeLead = (viewer: Viewer, lead: Owned) =>
  ownsOrIsAbove(viewer, lead) || viewer.permissions.has('customers.viewAll');

/**
 * Opportunities and contracts follow their customer's data scope (whoever sees the customer sees
 * its pipeline) and stay visible to their own owner and the owner's superiors when the customer has
 * moved on (transferred, released to the pool): their deal is still their record.
 */
export const canSeeDeal = (viewer: Viewer, deal: Owned, customerVisible: boolean) =>
  customerVisible || ownsOrIsAbove(viewer, deal);

/** Changing one: whoever may change the customer's data, or the record's owner and superiors. */
export const canEditDeal = (viewer: Viewer, deal: Owned, customerEditable: boolean) =>
  customerEditable || ownsOrIsAbove(viewer, deal);
