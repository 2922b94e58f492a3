import * as z from 'zod';
import { Contact, ContactInput, MAX_CONTACTS, PhoneText, Text } from '../customers/contact-schemas.ts';
import { Cursor, Email, IdParams, Limit, LocalDate, Name } from '../schemas.ts';

export { Contact, ContactInput, MAX_CONTACTS };

/** `null` clears a field; absent leaves it. */
export const UpdateContactBody = z
  .strictObject({
    name: Name.max(100).optional(),
    title: Text(100).nullable().optional(),
    mobile: PhoneText.nullable().optional(),
    phone: PhoneText.nullable().optional(),
    email: Email.nullable().optional(),
    birthday: LocalDate.nullable().optional(),
    notes: Text(2000).nullable().optional(),
    primary: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateContactInput = z.output<typeof UpdateContactBody>;

export const CONTACT_VIEWS = ['all', 'mine', 'subordinates', 'shared', 'company'] as const;
export type ContactView = (typeof CONTACT_VIEWS)[number];

export const ContactListQuery = z.strictObject({
  /**
   * all (default): contacts of every customer the caller may see; mine, subordinates and shared
   * narrow it; company needs customers.viewAll.
   */
  view: z.enum(CONTACT_VIEWS).default('all'),
  /** Name, pinyin or initials prefix, or a phone number. */
  q: z.string().trim().min(1).max(50).optional(),
  limit: Limit,
  cursor: Cursor,
});
export type ContactListQuery = z.output<typeof ContactListQuery>;

export const ContactPage = z.object({ items: z.array(Contact), nextCursor: z.string().nullable() });

export const ContactParams = IdParams;
export const CustomerContactsParams = IdParams;
