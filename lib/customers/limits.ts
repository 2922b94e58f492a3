/**
 * The customer's limits and dictionary fields, as plain values. Apart from schemas.ts so that a use
 * case that only checks a limit (a lead's conversion, a merge) does not bundle every customer
 * schema: a module esbuild keeps is kept whole, schemas and all.
 */

/**
 * Tags per customer: each tag has a copy of the customer (the lists narrowed by tag read it), rewritten
 * after every save of the customer (repository.saveCustomerSteps): each tag costs every save a write.
 */
export const MAX_TAGS = 10;
/**
 * A contact is about six items (contact, reference, search terms) in the customer's create
 * transaction, which DynamoDB caps at 100 items.
 */
export const MAX_INITIAL_CONTACTS = 10;
/** Shares per customer: each share item carries a copy of the customer, rewritten after every save. */
export const MAX_SHARES = 20;
export const MAX_BATCH = 100;

export const DICTIONARY_FIELDS = {
  regionId: 'region',
  industryId: 'industry',
  categoryId: 'category',
  sourceId: 'source',
  levelId: 'level',
  statusId: 'status',
  maturityId: 'maturity',
} as const;
export type DictionaryField = keyof typeof DICTIONARY_FIELDS;
