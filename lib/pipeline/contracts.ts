import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { customerLiveCheck } from '../customers/repository.ts';
import { loadEditableCustomer } from '../customers/service.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, type FieldError, NotFound, PreconditionFailed, Unprocessable } from '../http/errors.ts';
import { getSettings } from '../settings/repository.ts';
import * as repo from './repository.ts';
import { checkDates, contractTotal, lineAmounts, nextStatus, retotal } from './rules.ts';
import {
  type Contract,
  type ContractLine,
  type ContractListQuery,
  type CreateContractInput,
  CURRENCY,
  type LineInput,
  type UpdateContractInput,
} from './schemas.ts';
import {
  accessForDeal,
  assertEditableDeal,
  assertVisibleDeal,
  type CustomerAccess,
  customerDealPage,
  dealSteps,
  readView,
  retryingOnCustomer,
  viewSpec,
  visibleDeals,
} from './scope.ts';

/**
 * Contracts (合同 = 订单, seed 001; 标准合同/补充合同 with 评价, 进度, 风险, seed 002): product lines
 * priced on the server in integer fen, the money received and planned kept on the contract itself.
 */

export const present = ({
  ownerRolePath: _,
  unplannedFen: __,
  updatedBy: ___,
  ...c
}: repo.ContractRecord): Contract => c;

/**
 * Prices the lines against the price list: each product must exist (and be enabled for new lines);
 * the unit price defaults to the product's. Errors name the line's field.
 */
async function priceLines(
  tenantId: string,
  lines: LineInput[],
  previous: readonly ContractLine[] = [],
): Promise<ContractLine[]> {
  const products = await repo.getProducts(
    tenantId,
    lines.map((l) => l.productId),
  );
  const kept = new Set(previous.map((l) => l.productId));
  const errors: FieldError[] = [];
  const priced = lines.map((line, i): ContractLine | undefined => {
    const product = products.get(line.productId);
    if (!product) {
      errors.push({
        path: `body.lines.${i}.productId`,
        code: 'unknown_product',
        message: 'No product has this id',
      });
      return undefined;
    }
    if (!product.enabled && !kept.has(product.id)) {
      errors.push({
        path: `body.lines.${i}.productId`,
        code: 'disabled_product',
        message: `The product "${product.name}" is disabled`,
      });
      return undefined;
    }
    const unitPriceFen = line.unitPriceFen ?? product.priceFen;
    const discountPct = line.discountPct ?? 0;
    return {
      productId: product.id,
      productName: product.name,
      productCode: product.code,
      unit: product.unit,
      quantity: line.quantity,
      unitPriceFen,
      discountPct,
      ...lineAmounts(line.quantity, unitPriceFen, discountPct),
    };
  });
  if (errors.length > 0) throw new BadRequest('Some contract lines are invalid.', errors);
  return priced as ContractLine[];
}

const invalid = (path: string, code: string, message: string) =>
  new BadRequest('Some fields are invalid.', [{ path, code, message }]);

/**
 * A new contract of a customer the caller may change. A supplement (补充合同) points at a standard
 * contract of the same customer; an opportunity, when named, belongs to the customer too. Signed at
 * once when `signedOn` is given, which marks the customer as having a deal in the same transaction.
 */
export async function createContract(auth: Auth, input: CreateContractInput): Promise<Contract> {
  if (input.kind === 'supplement' && !input.parentId)
    throw invalid('body.parentId', 'parent_required', 'A supplement names its standard contract');
  if (input.kind === 'standard' && input.parentId)
    throw invalid('body.parentId', 'parent_not_allowed', 'Only a supplement has a parent contract');
  const dates = {
    signedOn: input.signedOn ?? null,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
  };
  checkDates(dates);
  return retryingOnCustomer(async () => {
    const customer = await loadEditableCustomer(auth, input.customerId);
    const t = auth.tenantId;
    const [parent, opportunity, lines, settings] = await Promise.all([
      input.parentId ? repo.getContract(t, customer.id, input.parentId) : undefined,
      input.opportunityId ? repo.getOpportunity(t, customer.id, input.opportunityId) : undefined,
      priceLines(t, input.lines),
      getSettings(t),
    ]);
    if (input.parentId && !parent)
      throw invalid('body.parentId', 'unknown_contract', 'No contract of this customer has this id');
    if (parent && (parent.kind !== 'standard' || parent.status === 'terminated'))
      throw new Unprocessable(
        'invalid_parent',
        'A supplement belongs to a standard contract that is not terminated.',
      );
    if (input.opportunityId && !opportunity)
      throw invalid(
        'body.opportunityId',
        'unknown_opportunity',
        'No opportunity of this customer has this id',
      );
    const totalFen = contractTotal(lines);
    const at = now().toISOString();
    // With contract approval on, the contract waits for its approval; signed/draft follows it.
    const status =
      settings.contractApproval === true ? 'pending_approval' : dates.signedOn ? 'signed' : 'draft';
    const record: repo.ContractRecord = {
      id: ulid(),
      customerId: customer.id,
      customerName: customer.name,
      opportunityId: opportunity?.id ?? null,
      kind: input.kind,
      parentId: parent?.id ?? null,
      title:
        input.title ?? (parent ? `${parent.title}（补充）` : (opportunity?.name ?? `${customer.name}合同`)),
      number: input.number ?? null,
      lines,
      totalFen,
      receivedFen: 0,
      outstandingFen: totalFen,
      plannedFen: 0,
      unplannedFen: totalFen,
      currency: CURRENCY,
      ...dates,
      status,
      evaluation: input.evaluation ?? null,
      progress: input.progress ?? null,
      risk: input.risk ?? null,
      note: input.note ?? null,
      ownerId: auth.userId,
      ownerName: auth.userName,
      ownerRolePath: auth.rolePath,
      createdAt: at,
      createdBy: auth.userId,
      updatedAt: at,
      version: 1,
    };
    await repo.commit([
      repo.saveContractStep(t, record, null),
      repo.refStep(t, record.id, { kind: 'contract', customerId: customer.id }),
      ...(parent ? [repo.parentContractCheck(t, customer.id, parent.id)] : []),
      ...(opportunity ? [repo.opportunityCheck(t, customer.id, opportunity.id)] : []),
      ...(status === 'signed' ? await dealSteps(t, customer, at) : [customerLiveCheck(t, customer.id)]),
    ]);
    return present(record);
  });
}

/** A contract by id as the caller may use it (404 when invisible, 403 when only visible). */
export async function loadContract(
  auth: Auth,
  id: string,
  mode: 'see' | 'edit',
): Promise<{ contract: repo.ContractRecord; access: CustomerAccess }> {
  const ref = await repo.getRef(auth.tenantId, id);
  if (ref?.kind !== 'contract') throw new NotFound('contract');
  const contract = await repo.getContract(auth.tenantId, ref.customerId, id);
  if (!contract) throw new NotFound('contract');
  const access = await accessForDeal(auth, contract, ref.customerId, mode);
  if (mode === 'see') assertVisibleDeal(auth, contract, access, 'contract');
  else assertEditableDeal(auth, contract, access, 'contract');
  return { contract, access };
}

export async function getContract(auth: Auth, id: string): Promise<Contract> {
  return present((await loadContract(auth, id, 'see')).contract);
}

/** Notes a closed contract still takes: evaluation (合同评价) is often written after it ends. */
const NOTE_FIELDS = ['evaluation', 'progress', 'risk', 'note'] as const;

/**
 * Edits at the version read (If-Match). New lines are priced again and the total may not fall below
 * what is received or planned; the status moves draft → signed → completed (or terminated); signing
 * marks the customer as having a deal. Completed and terminated contracts take notes only.
 */
export async function updateContract(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateContractInput,
): Promise<Contract> {
  return retryingOnCustomer(async () => {
    const { contract: c, access } = await loadContract(auth, id, 'edit');
    if (c.version !== expected) throw new PreconditionFailed();
    const closed = c.status === 'completed' || c.status === 'terminated' || c.status === 'rejected';
    const onlyNotes = Object.keys(patch).every((k) => (NOTE_FIELDS as readonly string[]).includes(k));
    const dates = {
      signedOn: patch.signedOn === undefined ? c.signedOn : patch.signedOn,
      startsOn: patch.startsOn === undefined ? c.startsOn : patch.startsOn,
      endsOn: patch.endsOn === undefined ? c.endsOn : patch.endsOn,
    };
    checkDates(dates);
    const status = closed && onlyNotes ? c.status : nextStatus(c.status, patch.status, dates.signedOn);
    const lines = patch.lines ? await priceLines(auth.tenantId, patch.lines, c.lines) : c.lines;
    const money = patch.lines
      ? retotal(c, contractTotal(lines))
      : { totalFen: c.totalFen, outstandingFen: c.outstandingFen, unplannedFen: c.unplannedFen };
    const at = now().toISOString();
    const notes = Object.fromEntries(
      NOTE_FIELDS.map((field) => [field, patch[field] === undefined ? c[field] : patch[field]]),
    ) as Pick<repo.ContractRecord, (typeof NOTE_FIELDS)[number]>;
    const next: repo.ContractRecord = {
      ...c,
      ...dates,
      ...money,
      ...notes,
      title: patch.title ?? c.title,
      number: patch.number === undefined ? c.number : patch.number,
      lines,
      status,
      updatedAt: at,
      version: c.version + 1,
      // Who made this version: the customer's timeline (lib/lifecycle) names them.
      updatedBy: { id: auth.userId, name: auth.userName, version: c.version + 1 },
    };
    const signs = status === 'signed' && c.status !== 'signed';
    await repo.commit([
      repo.saveContractStep(auth.tenantId, next, c),
      ...(signs && access.customer ? await dealSteps(auth.tenantId, access.customer, at) : []),
    ]);
    return present(next);
  });
}

/**
 * A list view of contracts: one customer's (with `parentId`, the supplements of one contract), or a
 * view (mine, subordinates, company), newest first; `status` is residue.
 */
export async function listContracts(auth: Auth, query: ContractListQuery): Promise<Page<Contract>> {
  if (query.parentId && !query.customerId)
    throw invalid(
      'query.parentId',
      'customer_required',
      'List supplements with the customerId of their contract',
    );
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.status) {
    clauses.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.parentId) {
    clauses.push('#parentId = :parentId');
    names['#parentId'] = 'parentId';
    values[':parentId'] = query.parentId;
  }
  const filter = clauses.length ? { expression: clauses.join(' AND '), names, values } : undefined;
  const page = { limit: query.limit, cursor: query.cursor };
  let result: Page<repo.ContractRecord>;
  if (query.customerId) {
    result = await customerDealPage(
      auth,
      query.customerId,
      await readView<repo.ContractRecord>(
        auth,
        repo.customerContracts(auth.tenantId, query.customerId),
        page,
        `contracts|customer|${query.customerId}|${query.status ?? ''}|${query.parentId ?? ''}`,
        filter,
      ),
      query.cursor === undefined,
    );
  } else {
    const spec = await viewSpec(auth, 'CONTRACT', query.view, query.ownerId);
    const viewPage = await readView<repo.ContractRecord>(
      auth,
      spec,
      page,
      `contracts|${query.view}|${query.ownerId ?? ''}|${query.status ?? ''}`,
      filter,
    );
    result = { items: await visibleDeals(auth, viewPage.items), nextCursor: viewPage.nextCursor };
  }
  return { items: result.items.map(present), nextCursor: result.nextCursor };
}
