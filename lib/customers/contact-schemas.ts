import * as z from 'zod';
import { Email, Id, LocalDate, Name } from '../schemas.ts';

/**
 * A customer's contacts as the customer aggregate keeps them: they are created with the customer,
 * carry its scope and move with it in its transactions (lib/customers/contact-items.ts). The
 * contacts context (lib/contacts) adds their own use cases on top.
 */

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
export const PhoneText = z.string().trim().min(3).max(40);
export const Text = (max: number) => z.string().trim().min(1).max(max);

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
