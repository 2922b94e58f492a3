import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { commit } from '../customers/repository.ts';
import { batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripper } from '../db/items.ts';
import {
  contractChildKeys,
  contractChildList,
  contractEndKeys,
  customerChildKey,
  customerChildPrefix,
  type IndexName,
  leadKey,
  opportunityStageKeys,
  opportunityStagesKey,
  type PipelineBucket,
  pipelineIndexKeys,
  pipelineRefKey,
  planDueKeys,
  productCodeKey,
  productKey,
  productsPrefix,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { type Condition, isConditionFailed, NEW_ITEM, putStep as put, type Step } from '../db/write.ts';
import { Conflict, NotFound, PreconditionFailed } from '../http/errors.ts';
import { DEFAULT_STAGES } from './rules.ts';
import type {
  Contract,
  Lead,
  Opportunity,
  Payment,
  PaymentPlan,
  Product,
  Stage,
  StageList,
} from './schemas.ts';

/**
 * The pipeline's reads and writes. Writes are `Step`s (lib/db/write.ts) run by the customers
 * module's `commit` (commitSteps with the customer's contacts kept in step), so a pipeline change
 * and the customer change it implies (a deal marks the customer) share one transaction, and a
 * failed condition becomes the domain error of its step.
 */

export { commit, type Step };

const TABLE = () => tableName();

/** A stored item's record: keys, index keys and the item's kind are never part of a response. */
export const strip = stripper();

/** A new item (prev null) or a replacement at the version read. */
const save = (
  item: Record<string, unknown>,
  prevVersion: number | null,
  exists: () => Error,
  stale: Step['fail'],
) => (prevVersion === null ? put(item, exists, NEW_ITEM) : put(item, stale, atVersion(prevVersion)));

async function getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const out = await db().send(new GetCommand({ TableName: TABLE(), Key: key, ConsistentRead: true }));
  return out.Item;
}

export interface ListSpec {
  index?: IndexName;
  pk: string;
  skPrefix?: string;
  between?: [string, string];
  ascending: boolean;
}

/** One page of a list, with an optional residue filter. */
export async function listPage<T>(
  tenantId: string,
  spec: ListSpec,
  page: { limit: number; cursor?: string | undefined },
  fingerprint: string,
  filter?: Condition,
): Promise<Page<T>> {
  const out = await queryPage<Record<string, unknown>>({
    tenantId,
    ...(spec.index ? { index: spec.index } : {}),
    pk: spec.pk,
    ...(spec.skPrefix ? { sk: { beginsWith: spec.skPrefix } } : {}),
    ...(spec.between ? { sk: { between: spec.between } } : {}),
    ascending: spec.ascending,
    limit: page.limit,
    cursor: page.cursor,
    fingerprint,
    ...(filter ? { filter } : {}),
  });
  return { items: out.items.map((i) => strip<T>(i)), nextCursor: out.nextCursor };
}

// ---- products ------------------------------------------------------------------------------------

export interface ProductRecord extends Product {
  codeKey: string;
}

export const productItem = (tenantId: string, p: ProductRecord) => ({
  ...productKey(tenantId, p.id),
  type: 'product',
  ...p,
});

const codeTaken = (code: string) =>
  new Conflict('duplicate_code', `Another product has the code "${code}".`, { code });

/** The product (at `prev`'s version), and its code guard moved when the code changes. */
export function saveProductSteps(tenantId: string, next: ProductRecord, prev: ProductRecord | null): Step[] {
  const steps: Step[] = [
    save(
      productItem(tenantId, next),
      prev?.version ?? null,
      () => new Conflict('product_exists', 'The product exists already.'),
      () => new PreconditionFailed(),
    ),
  ];
  if (next.codeKey !== prev?.codeKey) {
    steps.push(
      put(
        {
          ...productCodeKey(tenantId, next.codeKey),
          type: 'productCode',
          productId: next.id,
          code: next.code,
        },
        () => codeTaken(next.code),
        NEW_ITEM,
      ),
    );
    if (prev)
      steps.push({
        item: {
          Delete: {
            TableName: TABLE(),
            Key: productCodeKey(tenantId, prev.codeKey),
            ConditionExpression: '#productId = :id',
            ExpressionAttributeNames: { '#productId': 'productId' },
            ExpressionAttributeValues: { ':id': prev.id },
          },
        },
        fail: () => new PreconditionFailed(),
      });
  }
  return steps;
}

export async function getProduct(tenantId: string, id: string): Promise<ProductRecord | undefined> {
  const item = await getItem(productKey(tenantId, id));
  return item ? strip<ProductRecord>(item) : undefined;
}

/** Products by id (BatchGet); unknown ids are left out. */
export async function getProducts(tenantId: string, ids: string[]): Promise<Map<string, ProductRecord>> {
  const items = await batchGet([...new Set(ids)].map((id) => productKey(tenantId, id)));
  return new Map(items.map((item) => strip<ProductRecord>(item)).map((p) => [p.id, p]));
}

export const productList = (tenantId: string): ListSpec => ({
  pk: productsPrefix(tenantId).pk,
  ascending: true,
});

// ---- opportunity stages --------------------------------------------------------------------------

/** The tenant's stages; the defaults (version 0) until the tenant saves its own. */
export async function getStages(tenantId: string): Promise<StageList> {
  const item = await getItem(opportunityStagesKey(tenantId));
  if (!item) return { stages: [...DEFAULT_STAGES], version: 0 };
  return { stages: item.stages as Stage[], version: item.version as number };
}

export async function putStages(
  tenantId: string,
  stages: Stage[],
  expected: number,
  at: string,
): Promise<StageList> {
  const version = expected + 1;
  try {
    await db().send(
      new PutCommand({
        TableName: TABLE(),
        Item: {
          ...opportunityStagesKey(tenantId),
          type: 'opportunityStages',
          stages,
          version,
          updatedAt: at,
        },
        ...(expected === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#v = :expected',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':expected': expected },
            }),
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new PreconditionFailed();
    throw error;
  }
  return { stages, version };
}

// ---- leads ---------------------------------------------------------------------------------------

export interface LeadRecord extends Lead {
  ownerRolePath: string;
  /** Who made the change of this version through the API (the events' actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
}

export const leadItem = (tenantId: string, l: LeadRecord) => ({
  ...leadKey(tenantId, l.id),
  type: 'lead',
  ...l,
  ...pipelineIndexKeys(tenantId, l.status === 'converted' ? 'LEADDONE' : 'LEAD', l),
});

export async function getLead(tenantId: string, id: string): Promise<LeadRecord | undefined> {
  const item = await getItem(leadKey(tenantId, id));
  return item ? strip<LeadRecord>(item) : undefined;
}

/**
 * The lead at the version read. When the condition fails the lead is read again: converted by
 * someone else is 409 already_converted, any other change 412.
 */
export function saveLeadStep(tenantId: string, next: LeadRecord, prev: LeadRecord | null): Step {
  return save(
    leadItem(tenantId, next),
    prev?.version ?? null,
    () => new Conflict('lead_exists', 'The lead exists already.'),
    async () => {
      const now = await getLead(tenantId, next.id);
      if (now?.status === 'converted')
        return new Conflict('already_converted', 'The lead has been converted already.', {
          customerId: now.customerId,
        });
      return now ? new PreconditionFailed() : new NotFound('lead');
    },
  );
}

// ---- references (opportunity / contract id -> customer) ------------------------------------------

export interface Ref {
  kind: 'opportunity' | 'contract';
  customerId: string;
}

export const refItem = (tenantId: string, id: string, ref: Ref) => ({
  ...pipelineRefKey(tenantId, id),
  type: 'pipelineRef',
  ...ref,
});

export const refStep = (tenantId: string, id: string, ref: Ref): Step =>
  put(refItem(tenantId, id, ref), () => new Conflict('id_taken', 'The id is taken.'), NEW_ITEM);

export async function getRef(tenantId: string, id: string): Promise<Ref | undefined> {
  const item = await getItem(pipelineRefKey(tenantId, id));
  return item ? { kind: item.kind as Ref['kind'], customerId: item.customerId as string } : undefined;
}

// ---- opportunities -------------------------------------------------------------------------------

export interface OpportunityRecord extends Opportunity {
  ownerRolePath: string;
  /** Who made the change of this version through the API (the events' actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
}

export const opportunityItem = (tenantId: string, o: OpportunityRecord) => ({
  ...customerChildKey(tenantId, o.customerId, 'opportunity', o.id),
  type: 'opportunity',
  ...o,
  ...pipelineIndexKeys(tenantId, 'OPP', o),
  ...opportunityStageKeys(tenantId, o.stage, o),
});

export async function getOpportunity(
  tenantId: string,
  customerId: string,
  id: string,
): Promise<OpportunityRecord | undefined> {
  const item = await getItem(customerChildKey(tenantId, customerId, 'opportunity', id));
  return item ? strip<OpportunityRecord>(item) : undefined;
}

export const saveOpportunityStep = (
  tenantId: string,
  next: OpportunityRecord,
  prev: OpportunityRecord | null,
) =>
  save(
    opportunityItem(tenantId, next),
    prev?.version ?? null,
    () => new Conflict('opportunity_exists', 'The opportunity exists already.'),
    () => new PreconditionFailed(),
  );

/** The opportunity exists under the customer (a contract may point at it). */
export const opportunityCheck = (tenantId: string, customerId: string, id: string): Step => ({
  item: {
    ConditionCheck: {
      TableName: TABLE(),
      Key: customerChildKey(tenantId, customerId, 'opportunity', id),
      ConditionExpression: 'attribute_exists(pk)',
    },
  },
  fail: () => new NotFound('opportunity'),
});

export const customerOpportunities = (tenantId: string, customerId: string): ListSpec => ({
  pk: customerChildPrefix(tenantId, customerId, 'opportunity').pk,
  skPrefix: customerChildPrefix(tenantId, customerId, 'opportunity').skPrefix,
  ascending: false,
});

// ---- contracts -----------------------------------------------------------------------------------

export interface ContractRecord extends Contract {
  ownerRolePath: string;
  /** What payment plans may still promise: total − planned (conditions cannot add). */
  unplannedFen: number;
  /** Who made the change of this version through the API (the customer timeline's actor). */
  updatedBy?: { id: string; name: string; version: number } | null;
}

export const contractItem = (tenantId: string, c: ContractRecord) => ({
  ...customerChildKey(tenantId, c.customerId, 'contract', c.id),
  type: 'contract',
  ...c,
  ...pipelineIndexKeys(tenantId, 'CONTRACT', c),
  ...(c.status === 'signed' && c.endsOn ? contractEndKeys(tenantId, c.endsOn, c.id) : {}),
});

export async function getContract(
  tenantId: string,
  customerId: string,
  id: string,
): Promise<ContractRecord | undefined> {
  const item = await getItem(customerChildKey(tenantId, customerId, 'contract', id));
  return item ? strip<ContractRecord>(item) : undefined;
}

/** Contracts by customer and id (BatchGet), for the due plans of a reminder run. */
export async function getContractsOf(
  tenantId: string,
  refs: Array<{ customerId: string; id: string }>,
): Promise<Map<string, ContractRecord>> {
  const unique = [...new Map(refs.map((r) => [r.id, r])).values()];
  const items = await batchGet(unique.map((r) => customerChildKey(tenantId, r.customerId, 'contract', r.id)));
  return new Map(items.map((item) => strip<ContractRecord>(item)).map((c) => [c.id, c]));
}

export const saveContractStep = (tenantId: string, next: ContractRecord, prev: ContractRecord | null) =>
  save(
    contractItem(tenantId, next),
    prev?.version ?? null,
    () => new Conflict('contract_exists', 'The contract exists already.'),
    () => new PreconditionFailed(),
  );

/** A supplement's parent: a standard contract of the same customer that is not terminated. */
export const parentContractCheck = (tenantId: string, customerId: string, parentId: string): Step => ({
  item: {
    ConditionCheck: {
      TableName: TABLE(),
      Key: customerChildKey(tenantId, customerId, 'contract', parentId),
      ConditionExpression: 'attribute_exists(pk) AND #kind = :standard AND #status <> :terminated',
      ExpressionAttributeNames: { '#kind': 'kind', '#status': 'status' },
      ExpressionAttributeValues: { ':standard': 'standard', ':terminated': 'terminated' },
    },
  },
  fail: () => new PreconditionFailed('The parent contract changed meanwhile; retry.'),
});

export const customerContracts = (tenantId: string, customerId: string): ListSpec => ({
  pk: customerChildPrefix(tenantId, customerId, 'contract').pk,
  skPrefix: customerChildPrefix(tenantId, customerId, 'contract').skPrefix,
  ascending: false,
});

/**
 * Moves money onto a contract without reading it back: `field` (receivedFen or plannedFen) grows by
 * `amount` and its complement (outstandingFen or unplannedFen) shrinks, on the condition that the
 * complement covers the amount and the contract takes it. This is the invariant received ≤ total
 * (planned ≤ total) held by DynamoDB under any number of concurrent writers.
 */
export function contractMoneyStep(
  tenantId: string,
  c: ContractRecord,
  kind: 'payment' | 'plan',
  amountFen: number,
  at: string,
  fail: Step['fail'],
): Step {
  const [grows, shrinks] =
    kind === 'payment' ? ['receivedFen', 'outstandingFen'] : ['plannedFen', 'unplannedFen'];
  const statuses = kind === 'payment' ? [':signed', ':completed'] : [':draft', ':signed', ':completed'];
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: customerChildKey(tenantId, c.customerId, 'contract', c.id),
        UpdateExpression:
          'SET #grows = #grows + :amount, #shrinks = #shrinks - :amount, #v = #v + :one, updatedAt = :at, ' +
          'pipelineByOwnerSk = :ownerSk, pipelineBelowSk = :belowSk, pipelineByListSk = :listSk',
        // The owner as read, too: the new child carries it (its list's scope), and the index keys
        // rewritten here are derived from it.
        ConditionExpression:
          `attribute_exists(pk) AND #shrinks >= :amount AND #status IN (${statuses.join(', ')}) ` +
          'AND #ownerId = :ownerId AND #ownerRolePath = :ownerRolePath',
        ExpressionAttributeNames: {
          '#grows': grows,
          '#shrinks': shrinks,
          '#v': 'version',
          '#status': 'status',
          '#ownerId': 'ownerId',
          '#ownerRolePath': 'ownerRolePath',
        },
        ExpressionAttributeValues: {
          ':amount': amountFen,
          ':one': 1,
          ':at': at,
          ':ownerId': c.ownerId,
          ':ownerRolePath': c.ownerRolePath,
          ...Object.fromEntries(statuses.map((s) => [s, s.slice(1)])),
          ...(() => {
            const keys = pipelineIndexKeys(tenantId, 'CONTRACT', { ...c, updatedAt: at });
            return {
              ':ownerSk': keys.pipelineByOwnerSk,
              ':belowSk': keys.pipelineBelowSk,
              ':listSk': keys.pipelineByListSk,
            };
          })(),
        },
      },
    },
    fail,
  };
}

// ---- payment plans and payments ------------------------------------------------------------------

/**
 * What a contract's payments and plans carry of their contract: its owner (`ownerId` is also whom a
 * plan's due reminder goes to) and the owner's role path. Their list (GET /v1/contracts/{id}/payments)
 * decides the caller's scope from these alone when the caller owns or supervises the contract, so
 * they follow the contract's owner: `contractMoneyStep` writes a child only at the owner it was
 * stamped with, and `syncContractChildren` restamps them after the contract changes hands.
 */
export interface ContractScope {
  ownerId: string;
  ownerRolePath: string;
}

export interface PaymentPlanRecord extends PaymentPlan, ContractScope {
  outstandingFen: number;
  /** For the due-date reminder, which has no contract at hand. */
  contractTitle: string;
  customerName: string;
}

const planChildId = (contractId: string, planId: string) => `${contractId}#${planId}`;

export const planItem = (tenantId: string, p: PaymentPlanRecord) => ({
  ...customerChildKey(tenantId, p.customerId, 'paymentPlan', planChildId(p.contractId, p.id)),
  type: 'paymentPlan',
  ...p,
  ...(p.status === 'open' ? planDueKeys(tenantId, p.dueOn, p.id) : {}),
  ...contractChildKeys(tenantId, 'PAYPLAN', p.contractId, p.id),
});

export const newPlanStep = (tenantId: string, p: PaymentPlanRecord): Step =>
  put(planItem(tenantId, p), () => new Conflict('plan_exists', 'The payment plan exists already.'), NEW_ITEM);

export async function getPlan(
  tenantId: string,
  customerId: string,
  contractId: string,
  planId: string,
): Promise<PaymentPlanRecord | undefined> {
  const item = await getItem(
    customerChildKey(tenantId, customerId, 'paymentPlan', planChildId(contractId, planId)),
  );
  return item ? strip<PaymentPlanRecord>(item) : undefined;
}

/**
 * Takes a payment on a plan. Paying off exactly what is left closes the plan (it leaves the due
 * list); a smaller amount leaves it open. Each variant conditions on the outstanding amount read,
 * so concurrent payments on one plan never pay it twice over.
 */
export function planPaymentStep(
  tenantId: string,
  p: PaymentPlanRecord,
  amountFen: number,
  fail: Step['fail'],
): Step {
  const closes = amountFen === p.outstandingFen;
  return {
    item: {
      Update: {
        TableName: TABLE(),
        Key: customerChildKey(tenantId, p.customerId, 'paymentPlan', planChildId(p.contractId, p.id)),
        UpdateExpression: closes
          ? 'SET receivedFen = receivedFen + :amount, outstandingFen = :zero, #status = :paid, #v = #v + :one ' +
            'REMOVE pipelineByListPk, pipelineByListSk'
          : 'SET receivedFen = receivedFen + :amount, outstandingFen = outstandingFen - :amount, #v = #v + :one',
        ConditionExpression: closes ? 'outstandingFen = :amount' : 'outstandingFen > :amount',
        ExpressionAttributeNames: { '#v': 'version', ...(closes ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: {
          ':amount': amountFen,
          ':one': 1,
          ...(closes ? { ':zero': 0, ':paid': 'paid' } : {}),
        },
      },
    },
    fail,
  };
}

export const contractPlans = (tenantId: string, contractId: string): ListSpec =>
  contractChildList(tenantId, 'PAYPLAN', contractId);

export interface PaymentRecord extends Payment, ContractScope {}

export const paymentItem = (tenantId: string, p: PaymentRecord) => ({
  ...customerChildKey(tenantId, p.customerId, 'payment', `${p.contractId}#${p.id}`),
  type: 'payment',
  ...p,
  ...contractChildKeys(tenantId, 'PAYMENT', p.contractId, p.id),
});

export const newPaymentStep = (tenantId: string, p: PaymentRecord): Step =>
  put(
    paymentItem(tenantId, p),
    () => new Conflict('payment_exists', 'The payment exists already.'),
    NEW_ITEM,
  );

export const contractPayments = (tenantId: string, contractId: string): ListSpec =>
  contractChildList(tenantId, 'PAYMENT', contractId);

/**
 * Restamps a contract's payment plans and payments with the contract's owner (`c` as it now is),
 * and gives children written before their per-contract list existed its index keys (a backfill).
 * Reads the customer's collection (strongly consistent, so a child written before `c` was read is
 * seen) and updates only the children that differ: running it again changes nothing. Returns how
 * many changed.
 */
export async function syncContractChildren(
  tenantId: string,
  c: Pick<ContractRecord, 'id' | 'customerId' | 'ownerId' | 'ownerRolePath'>,
): Promise<number> {
  const kinds = ['paymentPlan', 'payment'] as const;
  const children = (
    await Promise.all(
      kinds.map((kind) => {
        const prefix = customerChildPrefix(tenantId, c.customerId, kind);
        return queryAll<Record<string, unknown>>({
          tenantId,
          pk: prefix.pk,
          sk: { beginsWith: `${prefix.skPrefix}${c.id}#` },
          consistent: true,
        });
      }),
    )
  ).flat();
  const stale = children.filter(
    (i) =>
      i.ownerId !== c.ownerId || i.ownerRolePath !== c.ownerRolePath || i.pipelineByOwnerPk === undefined,
  );
  for (const item of stale) {
    const list = contractChildKeys(
      tenantId,
      item.type === 'payment' ? 'PAYMENT' : 'PAYPLAN',
      c.id,
      item.id as string,
    );
    try {
      await db().send(
        new UpdateCommand({
          TableName: TABLE(),
          Key: { pk: item.pk as string, sk: item.sk as string },
          UpdateExpression:
            'SET #ownerId = :ownerId, #ownerRolePath = :ownerRolePath, #listPk = :listPk, #listSk = :listSk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: {
            '#ownerId': 'ownerId',
            '#ownerRolePath': 'ownerRolePath',
            '#listPk': 'pipelineByOwnerPk',
            '#listSk': 'pipelineByOwnerSk',
          },
          ExpressionAttributeValues: {
            ':ownerId': c.ownerId,
            ':ownerRolePath': c.ownerRolePath,
            ':listPk': list.pipelineByOwnerPk,
            ':listSk': list.pipelineByOwnerSk,
          },
        }),
      );
    } catch (error) {
      // Gone meanwhile (the customer was purged or merged away): nothing left to restamp.
      if (!isConditionFailed(error)) throw error;
    }
  }
  return stale.length;
}

// ---- list buckets --------------------------------------------------------------------------------

export type { PipelineBucket };
