import { ulid } from 'ulid';
import { now } from '../clock.ts';
import {
  type ContactRecord,
  contactItem,
  contactScopeOf,
  newContactRecord,
  newContactSteps,
  presentContact,
  type StoredContact,
  searchSteps,
} from '../customers/contact-items.ts';
import { contactSearchTerms, initialSortName } from '../customers/contact-terms.ts';
import { commit } from '../customers/repository.ts';
import type { CustomerRecord } from '../customers/rules.ts';
import { loadEditableCustomer, loadVisibleCustomer } from '../customers/service.ts';
import { tableName } from '../db/client.ts';
import { contactRefKey, customerChildKey } from '../db/keys.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, type FieldError, HttpError, NotFound, PreconditionFailed } from '../http/errors.ts';
import { normalizePhone } from '../phone.ts';
import * as repo from './repository.ts';
import { canSeeContact, primaryChange } from './rules.ts';
import type { Contact, ContactInput, UpdateContactInput } from './schemas.ts';

/**
 * Contacts (联系人) of a customer: several per customer, one of them primary. A contact is read and
 * changed through its customer's data scope; its id finds its customer through a reference item.
 */

/** The customer changed (its scope, which the contact copies) between read and write. */
class StaleCustomer extends Error {}

const ATTEMPTS = 5;

/** Runs a write again, reading afresh, while a concurrent change of the customer or the primary gets in the way. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const transient = error instanceof StaleCustomer || error instanceof repo.PrimaryMoved;
      if (!transient) throw error;
      if (attempt >= ATTEMPTS)
        throw new HttpError(409, 'write_conflict', 'Conflict', 'The customer keeps changing; retry.');
    }
  }
}

function phoneAt(raw: string | null | undefined, path: string, errors: FieldError[]): string | null {
  if (raw === null || raw === undefined) return null;
  const phone = normalizePhone(raw);
  if (!phone) errors.push({ path, code: 'invalid_phone', message: 'Not a valid phone number' });
  return phone;
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new BadRequest('Some fields are invalid.', errors);
}

const customerCheck = (tenantId: string, c: CustomerRecord) =>
  repo.customerAtVersion(tenantId, c.id, c.version, () => new StaleCustomer());

/** A contact of a customer the caller may change; the first contact of a customer becomes its primary. */
export async function createContact(auth: Auth, customerId: string, input: ContactInput): Promise<Contact> {
  const errors: FieldError[] = [];
  const mobile = phoneAt(input.mobile, 'body.mobile', errors);
  const phone = phoneAt(input.phone, 'body.phone', errors);
  throwIfAny(errors);
  const id = ulid();
  return retrying(async () => {
    const customer = await loadEditableCustomer(auth, customerId);
    const meta = await repo.getContactsMeta(auth.tenantId, customer.id);
    const wanted = input.primary ?? (meta.primaryContactId === null ? true : undefined);
    const { next, demote } = primaryChange(meta.primaryContactId, id, wanted);
    const at = now().toISOString();
    const record = newContactRecord({
      id,
      customerId: customer.id,
      fields: {
        name: input.name,
        title: input.title ?? null,
        mobile,
        phone,
        email: input.email ?? null,
        birthday: input.birthday ?? null,
        notes: input.notes ?? null,
      },
      primary: next === id,
      at,
      by: auth.userId,
    });
    const scope = contactScopeOf(customer);
    await commit([
      customerCheck(auth.tenantId, customer),
      repo.contactsMetaStep(auth.tenantId, customer.id, {
        count: 1,
        ...(next !== meta.primaryContactId ? { primary: { from: meta.primaryContactId, to: next } } : {}),
      }),
      ...(demote ? [repo.demoteStep(auth.tenantId, customer.id, demote, at)] : []),
      ...newContactSteps(auth.tenantId, record, scope),
    ]);
    return presentContact(contactItem(auth.tenantId, record, scope));
  });
}

/** The contact and its customer, if the caller may change the customer (404 / 403 as for the customer). */
async function loadEditableContact(auth: Auth, contactId: string) {
  const customerId = await repo.getContactRef(auth.tenantId, contactId);
  if (!customerId) throw new NotFound('contact');
  let customer: CustomerRecord;
  try {
    customer = await loadEditableCustomer(auth, customerId);
  } catch (error) {
    // The contact is as invisible as its customer, and says so in its own words.
    if (error instanceof NotFound) throw new NotFound('contact');
    throw error;
  }
  const contact = await repo.getContact(auth.tenantId, customerId, contactId);
  if (!contact) throw new NotFound('contact');
  return { customer, contact };
}

/** A contact of a customer the caller may see (404 otherwise, as for the customer). */
export async function getContact(auth: Auth, contactId: string): Promise<Contact> {
  const customerId = await repo.getContactRef(auth.tenantId, contactId);
  if (!customerId) throw new NotFound('contact');
  try {
    await loadVisibleCustomer(auth, customerId);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('contact');
    throw error;
  }
  const contact = await repo.getContact(auth.tenantId, customerId, contactId);
  if (!contact) throw new NotFound('contact');
  return presentContact(contact);
}

const recordOf = (c: StoredContact): ContactRecord => ({
  id: c.id,
  customerId: c.customerId,
  name: c.name,
  title: c.title,
  mobile: c.mobile,
  phone: c.phone,
  email: c.email,
  birthday: c.birthday,
  notes: c.notes,
  primary: c.primary,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
  updatedAt: c.updatedAt,
  version: c.version,
  searchTerms: c.searchTerms ?? [],
  sortName: c.sortName,
});

/** Edits at the version the client read (If-Match, 412 otherwise); `primary: true` takes the flag from the other. */
export async function updateContact(
  auth: Auth,
  contactId: string,
  expected: number,
  patch: UpdateContactInput,
): Promise<Contact> {
  const errors: FieldError[] = [];
  const mobile = patch.mobile === undefined ? undefined : phoneAt(patch.mobile, 'body.mobile', errors);
  const phone = patch.phone === undefined ? undefined : phoneAt(patch.phone, 'body.phone', errors);
  throwIfAny(errors);
  return retrying(async () => {
    const { customer, contact } = await loadEditableContact(auth, contactId);
    if (contact.version !== expected) throw new PreconditionFailed();
    const current = recordOf(contact);
    const meta = await repo.getContactsMeta(auth.tenantId, customer.id);
    const { next: primaryId, demote } = primaryChange(meta.primaryContactId, contact.id, patch.primary);
    const at = now().toISOString();
    const fields = {
      name: patch.name ?? current.name,
      title: patch.title === undefined ? current.title : patch.title,
      mobile: mobile === undefined ? current.mobile : mobile,
      phone: phone === undefined ? current.phone : phone,
      email: patch.email === undefined ? current.email : patch.email,
      birthday: patch.birthday === undefined ? current.birthday : patch.birthday,
      notes: patch.notes === undefined ? current.notes : patch.notes,
    };
    // Terms and sort name follow the name and the phones; a contact stored without them gets them now.
    const termsKept =
      fields.name === current.name &&
      fields.mobile === current.mobile &&
      fields.phone === current.phone &&
      contact.searchTerms !== undefined;
    const next: ContactRecord = {
      ...current,
      ...fields,
      primary: primaryId === contact.id,
      updatedAt: at,
      version: current.version + 1,
      updatedBy: { id: auth.userId, name: auth.userName, version: current.version + 1 },
      searchTerms: termsKept ? current.searchTerms : contactSearchTerms(fields),
      sortName:
        fields.name === current.name && current.sortName ? current.sortName : initialSortName(fields.name),
    };
    const scope = contactScopeOf(customer);
    await commit([
      {
        item: {
          Put: {
            TableName: tableName(),
            Item: contactItem(auth.tenantId, next, scope),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expected },
          },
        },
        fail: () => new PreconditionFailed(),
      },
      customerCheck(auth.tenantId, customer),
      ...(primaryId !== meta.primaryContactId
        ? [
            repo.contactsMetaStep(auth.tenantId, customer.id, {
              count: 0,
              primary: { from: meta.primaryContactId, to: primaryId },
            }),
          ]
        : []),
      ...(demote ? [repo.demoteStep(auth.tenantId, customer.id, demote, at)] : []),
      ...searchSteps(auth.tenantId, next, current),
    ]);
    return presentContact(contactItem(auth.tenantId, next, scope));
  });
}

/** Deletes a contact with its reference and search terms; a deleted primary leaves the customer without one. */
export async function deleteContact(auth: Auth, contactId: string): Promise<void> {
  await retrying(async () => {
    const { customer, contact } = await loadEditableContact(auth, contactId);
    const meta = await repo.getContactsMeta(auth.tenantId, customer.id);
    const wasPrimary = meta.primaryContactId === contact.id;
    await commit([
      {
        item: {
          Delete: {
            TableName: tableName(),
            Key: customerChildKey(auth.tenantId, customer.id, 'contact', contact.id),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        fail: () => new NotFound('contact'),
      },
      {
        item: { Delete: { TableName: tableName(), Key: contactRefKey(auth.tenantId, contact.id) } },
        fail: () => new Error('contact reference delete failed'),
      },
      repo.contactsMetaStep(auth.tenantId, customer.id, {
        count: -1,
        ...(wasPrimary ? { primary: { from: contact.id, to: null } } : {}),
      }),
      ...searchSteps(auth.tenantId, null, recordOf(contact)),
    ]);
  });
}

/**
 * The contacts behind ids a caller names (a broadcast's recipients), in the order given. Each must
 * exist and be visible to the caller (a contact of an active customer the caller may see); any
 * that is not makes the whole request 404, naming the positions and nothing more.
 */
export async function loadVisibleContacts(
  auth: Auth,
  contactIds: string[],
  path: string,
): Promise<StoredContact[]> {
  const refs = await repo.getContactRefs(auth.tenantId, contactIds);
  const found = await repo.getContacts(
    auth.tenantId,
    [...refs.entries()].map(([contactId, customerId]) => ({ contactId, customerId })),
  );
  const missing: FieldError[] = [];
  const contacts: StoredContact[] = [];
  contactIds.forEach((id, i) => {
    const c = found.get(id);
    if (c && canSeeContact(auth, c)) contacts.push(c);
    else
      missing.push({
        path: `${path}.${i}`,
        code: 'not_found',
        message: 'No contact you may see has this id',
      });
  });
  if (missing.length > 0)
    throw new HttpError(
      404,
      'contact_not_found',
      'Not found',
      'Some contacts do not exist or are not visible to you.',
      missing,
    );
  return contacts;
}
