import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { customerLiveCheck } from '../customers/repository.ts';
import { loadEditableCustomer } from '../customers/service.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound, PreconditionFailed, Unprocessable } from '../http/errors.ts';
import * as repo from './repository.ts';
import { initialStage, moveStage, validateStages } from './rules.ts';
import {
  type CreateOpportunityInput,
  CURRENCY,
  type NewOpportunityFields,
  type Opportunity,
  type OpportunityListQuery,
  type PutStagesInput,
  type Stage,
  type StageList,
  type UpdateOpportunityInput,
} from './schemas.ts';
import {
  accessForDeal,
  actorOf,
  assertEditableDeal,
  assertVisibleDeal,
  type CustomerAccess,
  customerDealPage,
  dealSteps,
  readView,
  retryingOnCustomer,
  stageSpec,
  viewSpec,
  visibleDeals,
} from './scope.ts';

/** Opportunities (商机, seed 001 销售机会; seed 003 销售管理: 销售阶段, 业务额, 可能结束时间, 成功的可能性). */

// ---- stages --------------------------------------------------------------------------------------

export const getStages = (auth: Auth): Promise<StageList> => repo.getStages(auth.tenantId);

/** Replaces the stage list at the version read (the defaults are version 0). */
export async function putStages(auth: Auth, expected: number, input: PutStagesInput): Promise<StageList> {
  const current = await repo.getStages(auth.tenantId);
  if (current.version !== expected) throw new PreconditionFailed();
  const stages = validateStages(input.stages, current.stages);
  return repo.putStages(auth.tenantId, stages, expected, now().toISOString());
}

// ---- opportunities -------------------------------------------------------------------------------

export const present = ({ ownerRolePath: _, updatedBy: __, ...o }: repo.OpportunityRecord): Opportunity => o;

/** A new open opportunity owned by the caller, at the requested (or first) open stage. */
export function newOpportunity(
  auth: Auth,
  customer: { id: string; name: string },
  input: NewOpportunityFields,
  stages: readonly Stage[],
  at: string,
  leadId: string | null,
  path = 'body.stage',
): repo.OpportunityRecord {
  const stage = initialStage(stages, input.stage, path);
  return {
    id: ulid(),
    customerId: customer.id,
    customerName: customer.name,
    name: input.name,
    amountFen: input.amountFen ?? 0,
    currency: CURRENCY,
    expectedCloseDate: input.expectedCloseDate ?? null,
    stage: stage.key,
    probability: stage.probability,
    status: 'open',
    closedAt: null,
    note: input.note ?? null,
    ownerId: auth.userId,
    ownerName: auth.userName,
    ownerRolePath: auth.rolePath,
    leadId,
    stageHistory: [
      { from: null, to: stage.key, at, actorId: auth.userId, actorName: auth.userName, note: null },
    ],
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    version: 1,
  };
}

/** The steps that create an opportunity: the item under its customer and its id reference. */
export const newOpportunitySteps = (tenantId: string, o: repo.OpportunityRecord): repo.Step[] => [
  repo.saveOpportunityStep(tenantId, o, null),
  repo.refStep(tenantId, o.id, { kind: 'opportunity', customerId: o.customerId }),
];

export async function createOpportunity(auth: Auth, input: CreateOpportunityInput): Promise<Opportunity> {
  const customer = await loadEditableCustomer(auth, input.customerId);
  const { stages } = await repo.getStages(auth.tenantId);
  const record = newOpportunity(auth, customer, input, stages, now().toISOString(), null);
  await repo.commit([
    ...newOpportunitySteps(auth.tenantId, record),
    customerLiveCheck(auth.tenantId, customer.id),
  ]);
  return present(record);
}

async function load(
  auth: Auth,
  id: string,
  mode: 'see' | 'edit',
): Promise<{ opp: repo.OpportunityRecord; access: CustomerAccess }> {
  const ref = await repo.getRef(auth.tenantId, id);
  if (ref?.kind !== 'opportunity') throw new NotFound('opportunity');
  const opp = await repo.getOpportunity(auth.tenantId, ref.customerId, id);
  if (!opp) throw new NotFound('opportunity');
  const access = await accessForDeal(auth, opp, ref.customerId, mode);
  if (mode === 'see') assertVisibleDeal(auth, opp, access, 'opportunity');
  else assertEditableDeal(auth, opp, access, 'opportunity');
  return { opp, access };
}

export async function getOpportunity(auth: Auth, id: string): Promise<Opportunity> {
  return present((await load(auth, id, 'see')).opp);
}

const closed = (o: repo.OpportunityRecord) =>
  new Unprocessable('opportunity_closed', `The opportunity is ${o.status}; it changes no more.`);

/** Edits an open opportunity at the version read (If-Match); the stage moves through `moveOpportunity`. */
export async function updateOpportunity(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateOpportunityInput,
): Promise<Opportunity> {
  const { opp } = await load(auth, id, 'edit');
  if (opp.version !== expected) throw new PreconditionFailed();
  if (opp.status !== 'open') throw closed(opp);
  const at = now().toISOString();
  const next: repo.OpportunityRecord = {
    ...opp,
    name: patch.name ?? opp.name,
    amountFen: patch.amountFen ?? opp.amountFen,
    expectedCloseDate:
      patch.expectedCloseDate === undefined ? opp.expectedCloseDate : patch.expectedCloseDate,
    note: patch.note === undefined ? opp.note : patch.note,
    updatedAt: at,
    version: opp.version + 1,
    updatedBy: { id: auth.userId, name: auth.userName, version: opp.version + 1 },
  };
  await repo.commit([repo.saveOpportunityStep(auth.tenantId, next, opp)]);
  return present(next);
}

/**
 * Moves an opportunity to a stage, keeping the history (who, from, to, when). Won and lost are
 * final; winning marks the customer as having a deal in the same transaction. Concurrent moves
 * are applied one after the other (each re-reads), so a closed opportunity is closed exactly once.
 */
export async function moveOpportunity(
  auth: Auth,
  id: string,
  input: { stage: string; note?: string | undefined },
): Promise<Opportunity> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await retryingOnCustomer(async () => {
        const { opp, access } = await load(auth, id, 'edit');
        const { stages } = await repo.getStages(auth.tenantId);
        const at = now().toISOString();
        const next = moveStage(opp, stages, input.stage, actorOf(auth), at, input.note ?? null);
        const deal =
          next.status === 'won' && access.customer ? await dealSteps(auth.tenantId, access.customer, at) : [];
        await repo.commit([repo.saveOpportunityStep(auth.tenantId, next, opp), ...deal]);
        return present(next);
      });
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || attempt >= 8) throw error;
    }
  }
}

/**
 * A list view of opportunities: one customer's (everyone who sees the customer sees them all), one
 * stage of the funnel within a view, or a view (mine, subordinates, company), newest first. Every
 * page keeps only what the caller may see (scope.visibleDeals, scope.customerDealPage).
 */
export async function listOpportunities(auth: Auth, query: OpportunityListQuery): Promise<Page<Opportunity>> {
  const page = { limit: query.limit, cursor: query.cursor };
  let result: Page<repo.OpportunityRecord>;
  if (query.customerId) {
    const filter = query.stage
      ? { expression: '#stage = :stage', names: { '#stage': 'stage' }, values: { ':stage': query.stage } }
      : undefined;
    result = await customerDealPage(
      auth,
      query.customerId,
      await readView<repo.OpportunityRecord>(
        auth,
        repo.customerOpportunities(auth.tenantId, query.customerId),
        page,
        `opps|customer|${query.customerId}|${query.stage ?? ''}`,
        filter,
      ),
      query.cursor === undefined,
    );
  } else if (query.stage) {
    const spec = await stageSpec(auth, query.stage, query.view, query.ownerId);
    result = await readView(
      auth,
      spec,
      page,
      `opps|stage|${query.stage}|${query.view}|${query.ownerId ?? ''}`,
    );
  } else {
    const spec = await viewSpec(auth, 'OPP', query.view, query.ownerId);
    result = await readView(auth, spec, page, `opps|${query.view}|${query.ownerId ?? ''}`);
  }
  const items = query.customerId ? result.items : await visibleDeals(auth, result.items);
  return { items: items.map(present), nextCursor: result.nextCursor };
}
