import { randomInt } from 'node:crypto';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as listContacts } from '#functions/contacts/list-contacts.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

/** A mainland mobile number no other test uses (the SMS outbox is keyed by number, not by tenant). */
export const freshMobile = () => `+86139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

export async function addContact(as: Caller, customerId: string, body: Record<string, unknown>) {
  const res = await invoke('POST /v1/customers/{id}/contacts', createContact, {
    as,
    params: { id: customerId },
    body,
  });
  if (res.status !== 201) throw new Error(`contact create failed: ${res.status} ${res.text}`);
  return res.body as { id: string; version: number; primary: boolean; [k: string]: any };
}

export const listContactsPage = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/contacts', listContacts, { as, query });

/** Every contact of a list, following nextCursor to the end. */
export async function allContacts(as: Caller, query: Record<string, string> = {}) {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await listContactsPage(as, { ...query, ...(cursor ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`contact list failed: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The contacts of a customer as its 360 view shows them. */
export async function contactsOf(as: Caller, customerId: string) {
  const res = await invoke('GET /v1/customers/{id}/overview', getOverview, {
    as,
    params: { id: customerId },
  });
  if (res.status !== 200) throw new Error(`overview failed: ${res.status} ${res.text}`);
  return res.body.contacts as Array<{ id: string; primary: boolean; [k: string]: any }>;
}

export const names = (items: Array<{ name: string }>) => items.map((i) => i.name).sort();
