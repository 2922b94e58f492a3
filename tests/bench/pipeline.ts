/**
 * The sales pipeline's part of the bench: a seeder that loads products, leads, opportunities,
 * contracts, payment plans and payments straight into the table through the pipeline repository's
 * item builders (BatchWrite; the HTTP path would take minutes at the large size), and one endpoint
 * per list. Each view's caller gets at least a full page at both sizes, so the small and the large
 * tenant return the same 20 items and must cost the same.
 */
import { ulid } from 'ulid';
import { normalizeName, searchTerms } from '#lib/customers/names.ts';
import { newCustomerItems } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer } from '#lib/customers/rules.ts';
import { batchPut } from '#lib/db/batch.ts';
import {
  type ContractRecord,
  contractItem,
  type LeadRecord,
  leadItem,
  type OpportunityRecord,
  opportunityItem,
  type PaymentPlanRecord,
  type ProductRecord,
  paymentItem,
  planItem,
  productItem,
  refItem,
} from '#lib/pipeline/repository.ts';
import { DEFAULT_STAGES, lineAmounts } from '#lib/pipeline/rules.ts';
import type { BenchEndpoint, BenchTenant, BenchUser, Seeder } from './endpoints.ts';

/** Leads, opportunities and contracts per user. */
const PER_USER = 4;
/** Records of reps[0] (and its customer) that fill its own views. */
const OWN = 25;
const PAGE = 20;
const BASE = Date.parse('2025-01-01T00:00:00.000Z');
const BATCH_WORKERS = 8;

const at = (i: number) => new Date(BASE + i * 60_000).toISOString();

interface Owner {
  user: BenchUser;
  rolePath: string;
  customer: CustomerRecord;
}

function product(i: number): ProductRecord {
  const code = `BENCH-${i}`;
  return {
    id: ulid(),
    name: `基准产品${i}`,
    code,
    codeKey: code,
    unit: '套',
    priceFen: 10_000 + i,
    currency: 'CNY',
    categoryId: null,
    description: null,
    enabled: true,
    createdAt: at(i),
    updatedAt: at(i),
    version: 1,
  };
}

function lead(i: number, owner: Owner, converted: boolean): LeadRecord {
  return {
    id: ulid(),
    name: `线索联系人${i}`,
    company: `基准线索公司${i}`,
    title: null,
    mobile: null,
    phone: null,
    email: null,
    address: null,
    sourceId: null,
    note: null,
    status: converted ? 'converted' : 'new',
    ownerId: owner.user.userId,
    ownerName: owner.user.name,
    ownerRolePath: owner.rolePath,
    customerId: converted ? owner.customer.id : null,
    contactId: null,
    opportunityId: null,
    convertedAt: converted ? at(i) : null,
    convertedBy: converted ? owner.user.userId : null,
    createdAt: at(i),
    createdBy: owner.user.userId,
    updatedAt: at(i),
    version: 1,
  };
}

function opportunity(i: number, owner: Owner, stageKey: string): OpportunityRecord {
  const stage =
    DEFAULT_STAGES.find((s) => s.key === stageKey) ?? (DEFAULT_STAGES[0] as (typeof DEFAULT_STAGES)[0]);
  return {
    id: ulid(),
    customerId: owner.customer.id,
    customerName: owner.customer.name,
    name: `基准商机${i}`,
    amountFen: 100_000 * (1 + (i % 9)),
    currency: 'CNY',
    expectedCloseDate: null,
    stage: stage.key,
    probability: stage.probability,
    status: stage.terminal ?? 'open',
    closedAt: stage.terminal ? at(i) : null,
    note: null,
    ownerId: owner.user.userId,
    ownerName: owner.user.name,
    ownerRolePath: owner.rolePath,
    leadId: null,
    stageHistory: [
      {
        from: null,
        to: stage.key,
        at: at(i),
        actorId: owner.user.userId,
        actorName: owner.user.name,
        note: null,
      },
    ],
    createdAt: at(i),
    createdBy: owner.user.userId,
    updatedAt: at(i),
    version: 1,
  };
}

function contract(i: number, owner: Owner, p: ProductRecord): ContractRecord {
  const quantity = 1 + (i % 5);
  const amounts = lineAmounts(quantity, p.priceFen, 5);
  const line = {
    productId: p.id,
    productName: p.name,
    productCode: p.code,
    unit: p.unit,
    quantity,
    unitPriceFen: p.priceFen,
    discountPct: 5,
    ...amounts,
  };
  return {
    id: ulid(),
    customerId: owner.customer.id,
    customerName: owner.customer.name,
    opportunityId: null,
    kind: 'standard',
    parentId: null,
    title: `基准合同${i}`,
    number: null,
    lines: [line],
    totalFen: amounts.amountFen,
    receivedFen: 0,
    outstandingFen: amounts.amountFen,
    plannedFen: 0,
    unplannedFen: amounts.amountFen,
    currency: 'CNY',
    signedOn: '2025-01-01',
    startsOn: '2025-01-01',
    endsOn: `2026-0${1 + (i % 9)}-15`,
    status: 'signed',
    evaluation: null,
    progress: null,
    risk: null,
    note: null,
    ownerId: owner.user.userId,
    ownerName: owner.user.name,
    ownerRolePath: owner.rolePath,
    createdAt: at(i),
    createdBy: owner.user.userId,
    updatedAt: at(i),
    version: 1,
  };
}

/** reps[0]'s first contract gets OWN payment plans and OWN payments (one per plan, paying it off). */
function moneyOf(
  tenantId: string,
  c: ContractRecord,
): { contract: ContractRecord; items: Record<string, unknown>[] } {
  const items: Record<string, unknown>[] = [];
  const share = Math.floor(c.totalFen / OWN);
  for (let i = 0; i < OWN; i++) {
    const plan: PaymentPlanRecord = {
      id: ulid(),
      contractId: c.id,
      customerId: c.customerId,
      dueOn: `2026-02-${String(1 + i).padStart(2, '0')}`,
      amountFen: share,
      receivedFen: i % 2 ? share : 0,
      outstandingFen: i % 2 ? 0 : share,
      currency: 'CNY',
      status: i % 2 ? 'paid' : 'open',
      note: null,
      ownerId: c.ownerId,
      ownerRolePath: c.ownerRolePath,
      contractTitle: c.title,
      customerName: c.customerName,
      createdAt: at(i),
      createdBy: c.ownerId,
      version: 1,
    };
    items.push(planItem(tenantId, plan));
    items.push(
      paymentItem(tenantId, {
        id: ulid(),
        contractId: c.id,
        customerId: c.customerId,
        ownerId: c.ownerId,
        ownerRolePath: c.ownerRolePath,
        planId: i % 2 ? plan.id : null,
        amountFen: i % 2 ? share : 1,
        currency: 'CNY',
        receivedOn: '2026-01-20',
        method: null,
        note: null,
        createdAt: at(i),
        createdBy: c.ownerId,
        createdByName: c.ownerName,
      }),
    );
  }
  const received = Math.ceil(OWN / 2) * 1 + Math.floor(OWN / 2) * share;
  const planned = share * OWN;
  return {
    contract: {
      ...c,
      receivedFen: received,
      outstandingFen: c.totalFen - received,
      plannedFen: planned,
      unplannedFen: c.totalFen - planned,
    },
    items,
  };
}

export const pipelineSeeder: Seeder = {
  name: `pipeline (${PER_USER} leads, opportunities and contracts per user; products; plans and payments)`,
  async seed(_api, tenant) {
    const t = tenant.tenantId;
    const [first] = tenant.reps;
    if (!first) throw new Error('the pipeline seeder needs the users seeder first');
    const repPath = `/${tenant.roles.root}/${tenant.roles.manager}/${tenant.roles.rep}`;
    const items: Record<string, unknown>[] = [];
    const owners = new Map<string, Owner>();
    const ownerFor = (user: BenchUser): Owner => {
      let owner = owners.get(user.userId);
      if (!owner) {
        const name = `基准商机客户${tenant.size}${owners.size}号有限公司`;
        const customer = newCustomer({
          id: ulid(),
          name,
          phone: null,
          nameKey: normalizeName(name),
          searchTerms: searchTerms(name, null),
          owner: { id: user.userId, name: user.name, rolePath: repPath },
          createdBy: user.userId,
          at: at(0),
        });
        items.push(...newCustomerItems(t, customer));
        owner = { user, rolePath: repPath, customer };
        owners.set(user.userId, owner);
      }
      return owner;
    };

    const products = Array.from({ length: Math.max(OWN, tenant.scale) }, (_, i) => product(i));
    items.push(...products.map((p) => productItem(t, p)));

    const total = Math.max(OWN * 2, tenant.scale * PER_USER);
    const pick = (i: number) => (i < OWN * 2 ? first : (tenant.reps[i % tenant.reps.length] as BenchUser));
    const stages = DEFAULT_STAGES.map((s) => s.key);
    let firstContract: ContractRecord | undefined;
    for (let i = 0; i < total; i++) {
      const owner = ownerFor(pick(i));
      items.push(leadItem(t, lead(i, owner, i >= OWN && (i < OWN * 2 || i % 5 === 0))));
      const o = opportunity(i, owner, i < OWN ? 'proposal' : (stages[i % stages.length] as string));
      items.push(opportunityItem(t, o), refItem(t, o.id, { kind: 'opportunity', customerId: o.customerId }));
      let c = contract(i, owner, products[i % products.length] as ProductRecord);
      if (i === 0) {
        const money = moneyOf(t, c);
        c = money.contract;
        items.push(...money.items);
        firstContract = c;
      }
      items.push(contractItem(t, c), refItem(t, c.id, { kind: 'contract', customerId: c.customerId }));
    }
    await batchPut(items, BATCH_WORKERS);
    tenant.facts.pipelineCustomer = ownerFor(first).customer.id;
    tenant.facts.pipelineContract = firstContract?.id ?? '';
  },
};

const list = (
  name: string,
  route: BenchEndpoint['route'],
  as: BenchEndpoint['as'],
  path: (tenant: BenchTenant) => string,
): BenchEndpoint => ({ name: `pipeline: ${name}`, route, as, path });

export const pipelineEndpoints: BenchEndpoint[] = [
  list('products', 'GET /v1/products', 'rep', () => `/v1/products?limit=${PAGE}`),
  list('leads, mine', 'GET /v1/leads', 'rep', () => `/v1/leads?limit=${PAGE}`),
  list('leads, converted', 'GET /v1/leads', 'rep', () => `/v1/leads?status=converted&limit=${PAGE}`),
  list(
    'leads, subordinates (manager)',
    'GET /v1/leads',
    'manager',
    () => `/v1/leads?view=subordinates&limit=${PAGE}`,
  ),
  list('leads, company (admin)', 'GET /v1/leads', 'admin', () => `/v1/leads?view=company&limit=${PAGE}`),
  list('opportunities, mine', 'GET /v1/opportunities', 'rep', () => `/v1/opportunities?limit=${PAGE}`),
  list(
    'opportunities, subordinates (manager)',
    'GET /v1/opportunities',
    'manager',
    () => `/v1/opportunities?view=subordinates&limit=${PAGE}`,
  ),
  list(
    'opportunities, company (admin)',
    'GET /v1/opportunities',
    'admin',
    () => `/v1/opportunities?view=company&limit=${PAGE}`,
  ),
  list(
    'opportunities, one stage, mine',
    'GET /v1/opportunities',
    'rep',
    () => `/v1/opportunities?stage=proposal&limit=${PAGE}`,
  ),
  list(
    'opportunities, one stage, subordinates (manager)',
    'GET /v1/opportunities',
    'manager',
    () => `/v1/opportunities?stage=proposal&view=subordinates&limit=${PAGE}`,
  ),
  list(
    'opportunities, one stage, company (admin)',
    'GET /v1/opportunities',
    'admin',
    () => `/v1/opportunities?stage=proposal&view=company&limit=${PAGE}`,
  ),
  list(
    "opportunities, one customer's",
    'GET /v1/opportunities',
    'rep',
    (t) => `/v1/opportunities?customerId=${t.facts.pipelineCustomer}&limit=${PAGE}`,
  ),
  list('contracts, mine', 'GET /v1/contracts', 'rep', () => `/v1/contracts?limit=${PAGE}`),
  list(
    'contracts, subordinates (manager)',
    'GET /v1/contracts',
    'manager',
    () => `/v1/contracts?view=subordinates&limit=${PAGE}`,
  ),
  list(
    'contracts, company (admin)',
    'GET /v1/contracts',
    'admin',
    () => `/v1/contracts?view=company&limit=${PAGE}`,
  ),
  list(
    "contracts, one customer's",
    'GET /v1/contracts',
    'rep',
    (t) => `/v1/contracts?customerId=${t.facts.pipelineCustomer}&limit=${PAGE}`,
  ),
  list(
    'payment plans of a contract',
    'GET /v1/contracts/{id}/payment-plans',
    'rep',
    (t) => `/v1/contracts/${t.facts.pipelineContract}/payment-plans?limit=${PAGE}`,
  ),
  list(
    'payments of a contract',
    'GET /v1/contracts/{id}/payments',
    'rep',
    (t) => `/v1/contracts/${t.facts.pipelineContract}/payments?limit=${PAGE}`,
  ),
];
