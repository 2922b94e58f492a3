import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound, PreconditionFailed } from '../http/errors.ts';
import { assertDictionaryItems } from '../settings/dictionaries.ts';
import * as repo from './repository.ts';
import type { CreateProductInput, Product, UpdateProductInput } from './schemas.ts';
import { CURRENCY } from './schemas.ts';

/** Products (产品, seed 001/002 商品维护): a price list in fen with codes unique per tenant. */

/** What makes two codes the same: width-folded, trimmed, case-insensitive. */
export const normalizeCode = (code: string) => code.normalize('NFKC').trim().toUpperCase();

/** Records written while the category was free text carry `category` instead: no id to show for it. */
const present = ({ codeKey: _, ...p }: repo.ProductRecord & { category?: unknown }): Product => {
  const { category: __, ...product } = p;
  return { ...product, categoryId: product.categoryId ?? null };
};

/** A category being set must be an enabled item of the `productCategory` dictionary (400 with the field path). */
const assertCategory = (auth: Auth, categoryId: string | null | undefined) =>
  assertDictionaryItems(
    auth.tenantId,
    typeof categoryId === 'string'
      ? [{ path: 'body.categoryId', kind: 'productCategory', id: categoryId }]
      : [],
  );

export async function createProduct(auth: Auth, input: CreateProductInput): Promise<Product> {
  await assertCategory(auth, input.categoryId);
  const at = now().toISOString();
  const record: repo.ProductRecord = {
    id: ulid(),
    name: input.name,
    code: input.code,
    codeKey: normalizeCode(input.code),
    unit: input.unit,
    priceFen: input.priceFen,
    currency: CURRENCY,
    categoryId: input.categoryId ?? null,
    description: input.description ?? null,
    enabled: input.enabled ?? true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.commit(repo.saveProductSteps(auth.tenantId, record, null));
  return present(record);
}

async function load(auth: Auth, id: string): Promise<repo.ProductRecord> {
  const p = await repo.getProduct(auth.tenantId, id);
  if (!p) throw new NotFound('product');
  return p;
}

export async function getProduct(auth: Auth, id: string): Promise<Product> {
  return present(await load(auth, id));
}

/** Edits at the version read (If-Match); a new code takes its guard and frees the old one in the same transaction. */
export async function updateProduct(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateProductInput,
): Promise<Product> {
  const current = await load(auth, id);
  if (current.version !== expected) throw new PreconditionFailed();
  await assertCategory(auth, patch.categoryId);
  const code = patch.code ?? current.code;
  const next: repo.ProductRecord = {
    ...current,
    name: patch.name ?? current.name,
    code,
    codeKey: normalizeCode(code),
    unit: patch.unit ?? current.unit,
    priceFen: patch.priceFen ?? current.priceFen,
    categoryId: patch.categoryId === undefined ? (current.categoryId ?? null) : patch.categoryId,
    description: patch.description === undefined ? current.description : patch.description,
    enabled: patch.enabled ?? current.enabled,
    updatedAt: now().toISOString(),
    version: current.version + 1,
  };
  await repo.commit(repo.saveProductSteps(auth.tenantId, next, current));
  return present(next);
}

/**
 * The price list in creation order. `enabled=` is a residue filter: disabled products are the
 * few retired ones, so the page still reads about what it returns.
 */
export async function listProducts(
  auth: Auth,
  query: { enabled?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Product>> {
  const filter =
    query.enabled === undefined
      ? undefined
      : {
          expression: '#enabled = :enabled',
          names: { '#enabled': 'enabled' },
          values: { ':enabled': query.enabled === 'true' },
        };
  const page = await repo.listPage<repo.ProductRecord>(
    auth.tenantId,
    repo.productList(auth.tenantId),
    query,
    `products|${query.enabled ?? ''}`,
    filter,
  );
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}
