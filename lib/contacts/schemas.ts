import * as z from 'zod';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name } from '../schemas.ts';

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
const PhoneText = z.string().trim().min(3).max(40);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** Contacts per customer: a change of the customer's scope rewrites them all in its transaction. */
export const MAX_CONTACTS = 30;

/** A contact as given on create (also the `contacts` of POST /v1/customers). */
export const ContactInput = z.strictObject({
  name: Name.max(100),
  title: Text(100).optional(),
  mobile: PhoneText.optional(),
  phone: PhoneText.optional(),
  email: Email.optional(),
  birthday: LocalDate.optional(),
  notes: Text(2000).optional(),
  /** The customer's primary contact (首要联系人); setting it clears the previous one. */
  primary: z.boolean().optional(),
});
export type ContactInput = z.output<typeof ContactInput>;

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

export const Contact = z.object({
  id: Id,
  customerId: Id,
  /** The customer's name, for lists that start from the contact (联系人查询). */
  customerName: z.string(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  /** E.164. */
  mobile: z.string().nullable(),
  /** E.164. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthday: z.string().nullable(),
  notes: z.string().nullable(),
  primary: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;

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
