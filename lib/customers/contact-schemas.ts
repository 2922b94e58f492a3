import * as z from 'zod/mini';
import { Email, Id, LocalDate, Name } from '../schemas.ts';

/**
 * A customer's contacts as the customer aggregate keeps them: they are created with the customer,
 * carry its scope and follow it when it changes (lib/customers/contact-sync.ts). The
 * contacts context (lib/contacts) adds their own use cases on top.
 */

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
export const PhoneText = z.string().check(z.trim(), z.minLength(3), z.maxLength(40));
export const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Contacts per customer: a change of the customer's scope rewrites them all after its write. */
export const MAX_CONTACTS = 30;

/** A contact as given on create (also the `contacts` of POST /v1/customers). */
export const ContactInput = z.strictObject({
  name: Name.check(z.maxLength(100)),
  title: z.optional(Text(100)),
  mobile: z.optional(PhoneText),
  phone: z.optional(PhoneText),
  email: z.optional(Email),
  birthday: z.optional(LocalDate),
  notes: z.optional(Text(2000)),
  /** The customer's primary contact (首要联系人); setting it clears the previous one. */
  primary: z.optional(z.boolean()),
});
export type ContactInput = z.output<typeof ContactInput>;

export const Contact = z.object({
  id: Id,
  customerId: Id,
  /** The customer's name, for lists that start from the contact (联系人查询). */
  customerName: z.string(),
  ownerId: z.nullable(Id),
  ownerName: z.nullable(z.string()),
  name: z.string(),
  title: z.nullable(z.string()),
  /** E.164. */
  mobile: z.nullable(z.string()),
  /** E.164. */
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  birthday: z.nullable(z.string()),
  notes: z.nullable(z.string()),
  primary: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Contact = z.infer<typeof Contact>;
