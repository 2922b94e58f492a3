import type { ContactScope } from '../customers/contact-items.ts';
import { type CustomerRecord, canSee, type Viewer } from '../customers/rules.ts';
import { isAbove } from '../org/rules.ts';
import type { ContactView } from './schemas.ts';

/**
 * Pure decisions about contacts. A contact is seen through its customer: the customers module's
 * data scope applied to the copy of the customer's scope the contact carries. Contacts are listed,
 * searched and texted from active customers only; those of pool and recycle-bin customers are
 * reached through the customer (the 360 view), where the pool's own membership rules apply.
 */

/** The customer as far as the data scope looks at it, rebuilt from a contact's copy. */
const scopedCustomer = (s: ContactScope) =>
  ({
    state: s.customerState,
    ownerId: s.ownerId,
    ownerRolePath: s.ownerRolePath,
    private: s.customerPrivate,
    shares: s.sharedWith.map((userId) => ({ userId })),
  }) as unknown as CustomerRecord;

/** Whether the viewer may see (list, search, text) a contact with this scope. */
export const canSeeContact = (viewer: Viewer, s: ContactScope) =>
  s.customerState === 'active' && canSee(viewer, scopedCustomer(s));

const ownedBy = (viewer: Viewer, s: ContactScope) => s.ownerId === viewer.userId;
const ownedBelow = (viewer: Viewer, s: ContactScope) =>
  s.ownerRolePath !== null && isAbove(viewer.rolePath, s.ownerRolePath);
const sharedWith = (viewer: Viewer, s: ContactScope) => s.sharedWith.includes(viewer.userId);

/** Whether a visible contact belongs to a view of the contact list (what `q=` hits are checked against). */
export function inContactView(viewer: Viewer, view: ContactView, s: ContactScope): boolean {
  if (!canSeeContact(viewer, s)) return false;
  switch (view) {
    case 'mine':
      return ownedBy(viewer, s);
    case 'subordinates':
      return ownedBelow(viewer, s);
    case 'shared':
      return sharedWith(viewer, s);
    case 'company':
    case 'all':
      return true;
  }
}

/**
 * In the `all` view of someone without the company-wide permission, contacts come from three
 * ranges (mine, below me, shared with me); a customer shared with me that I also own or manage is
 * listed in the first two, so the shared range leaves it out.
 */
export const listedBeforeShared = (viewer: Viewer, s: ContactScope) =>
  ownedBy(viewer, s) || ownedBelow(viewer, s);

/** The company-wide range is what viewAll holders and administrators list their `all` view from. */
export const seesCompany = (viewer: Viewer) => viewer.isAdmin || viewer.permissions.has('customers.viewAll');

/** Which primary contact a customer ends up with, and whether the previous one loses the flag. */
export function primaryChange(
  current: string | null,
  contactId: string,
  wanted: boolean | undefined,
): { next: string | null; demote: string | null } {
  if (wanted === true) return { next: contactId, demote: current && current !== contactId ? current : null };
  if (wanted === false && current === contactId) return { next: null, demote: null };
  return { next: current, demote: null };
}
