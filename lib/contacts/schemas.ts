import * as z from 'zod/mini';
import { Contact, ContactInput, MAX_CONTACTS, PhoneText, Text } from '../customers/contact-schemas.ts';
import { Cursor, Email, IdParams, Limit, LocalDate, Name } from '../schemas.ts';

export { Contact, ContactInput, MAX_CONTACTS };

/** `null` clears a field; absent leaves it. */
export const UpdateContactBody = z
  .strictObject({
    name: z.optional(Name.check(z.maxLength(100))),
    title: z.optional(z.nullable(Text(100))),
    mobile: z.optional(z.nullable(PhoneText)),
    phone: z.optional(z.nullable(PhoneText)),
    email: z.optional(z.nullable(Email)),
    birthday: z.optional(z.nullable(LocalDate)),
    notes: z.optional(z.nullable(Text(2000))),
    primary: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateContactInput = z.output<typeof UpdateContactBody>;

export const CONTACT_VIEWS = ['all', 'mine', 'subordinates', 'shared', 'company'] as const;
export type ContactView = (typeof CONTACT_VIEWS)[number];

export const ContactListQuery = z.strictObject({
  /**
   * all (default): contacts of every customer the caller may see; mine, subordinates and shared
   * narrow it; company needs customers.viewAll.
   */
  view: z._default(z.enum(CONTACT_VIEWS), 'all'),
  /** Name, pinyin or initials prefix, or a phone number. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  limit: Limit,
  cursor: Cursor,
});
export type ContactListQuery = z.output<typeof ContactListQuery>;

export const ContactPage = z.object({ items: z.array(Contact), nextCursor: z.nullable(z.string()) });

export const ContactParams = IdParams;
export const CustomerContactsParams = IdParams;
