import * as z from 'zod';
import { Cursor, Id, IdParams, Limit, pageOf } from '../schemas.ts';

export const MAX_RECIPIENTS = 1000;
export const MAX_TEXT = 500;

/** No control characters (line breaks included): carriers mangle them and they hide content. */
const SmsText = z
  .string()
  .min(1)
  .max(MAX_TEXT)
  .refine((t) => !/\p{Cc}/u.test(t), { message: 'No control characters (line breaks, tabs, ...)' })
  .refine((t) => t.trim().length > 0, { message: 'The text is blank' });

export const CreateBroadcastBody = z.strictObject({
  contactIds: z
    .array(Id)
    .min(1)
    .max(MAX_RECIPIENTS)
    .transform((ids) => [...new Set(ids)]),
  text: SmsText,
});
export type CreateBroadcastInput = z.output<typeof CreateBroadcastBody>;

export const BroadcastCreated = z.object({ id: Id });

export const RECIPIENT_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'opted_out',
  'invalid_number',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const Recipient = z.object({
  /** E.164; null for contacts without a number an SMS can reach. */
  phone: z.string().nullable(),
  /** The contacts behind this number: a number several contacts share gets one message. */
  contactIds: z.array(Id),
  contactNames: z.array(z.string()),
  status: z.enum(RECIPIENT_STATUSES),
  messageId: z.string().nullable(),
  /** Why a message failed (the provider's error name, or outcome_unknown after a crash). */
  error: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type Recipient = z.infer<typeof Recipient>;

export const BROADCAST_STATUSES = ['queued', 'sending', 'completed'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export const Broadcast = z.object({
  id: Id,
  text: z.string(),
  /** queued until the worker starts, sending while it works, completed once every recipient is settled. */
  status: z.enum(BROADCAST_STATUSES),
  createdAt: z.string(),
  createdBy: Id,
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  counts: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    optedOut: z.number().int(),
    invalidNumber: z.number().int(),
  }),
  /** A page of recipients, by number (limit/cursor). */
  recipients: pageOf(Recipient),
});
export type Broadcast = z.infer<typeof Broadcast>;

export const BroadcastParams = IdParams;
export const BroadcastQuery = z.strictObject({ limit: Limit, cursor: Cursor });

const PhoneText = z.string().trim().min(3).max(40);
export const OptOutBody = z.strictObject({ phone: PhoneText });
export const OptOut = z.object({ phone: z.string(), createdAt: z.string(), createdBy: Id });
export type OptOut = z.infer<typeof OptOut>;
export const OptOutPage = pageOf(OptOut);
export const OptOutListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
