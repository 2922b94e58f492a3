import * as z from 'zod/mini';
import { Cursor, Id, IdParams, Limit, pageOf } from '../schemas.ts';

export const MAX_RECIPIENTS = 1000;
export const MAX_TEXT = 500;

/** No control characters (line breaks included): carriers mangle them and they hide content. */
const SmsText = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_TEXT),
  z.refine((t) => !/\p{Cc}/u.test(t), { message: 'No control characters (line breaks, tabs, ...)' }),
  z.refine((t) => t.trim().length > 0, { message: 'The text is blank' }),
);

export const CreateBroadcastBody = z.strictObject({
  contactIds: z.pipe(
    z.array(Id).check(z.minLength(1), z.maxLength(MAX_RECIPIENTS)),
    z.transform((ids) => [...new Set(ids)]),
  ),
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
  'refused',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const Recipient = z.object({
  /** E.164; null for contacts without a number an SMS can reach. */
  phone: z.nullable(z.string()),
  /** The contacts behind this number: a number several contacts share gets one message. */
  contactIds: z.array(Id),
  contactNames: z.array(z.string()),
  status: z.enum(RECIPIENT_STATUSES),
  messageId: z.nullable(z.string()),
  /**
   * Why a message failed (the provider's error name, or outcome_unknown after a crash) or was
   * refused by the SMS ceiling: `daily_cap` (status refused: the tenant's cap for the day, final) or
   * `rate` (status pending: the deployment's sends per second were taken; it is tried again).
   */
  error: z.nullable(z.string()),
  sentAt: z.nullable(z.string()),
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
  startedAt: z.nullable(z.string()),
  completedAt: z.nullable(z.string()),
  counts: z.object({
    total: z.number().check(z.int()),
    pending: z.number().check(z.int()),
    sent: z.number().check(z.int()),
    failed: z.number().check(z.int()),
    optedOut: z.number().check(z.int()),
    invalidNumber: z.number().check(z.int()),
    /** Refused by the tenant's daily SMS cap (smsDailyCap in the settings). */
    refused: z.number().check(z.int()),
  }),
  /** A page of recipients, by number (limit/cursor). */
  recipients: pageOf(Recipient),
});
export type Broadcast = z.infer<typeof Broadcast>;

export const BroadcastParams = IdParams;
export const BroadcastQuery = z.strictObject({ limit: Limit, cursor: Cursor });

const PhoneText = z.string().check(z.trim(), z.minLength(3), z.maxLength(40));
export const OptOutBody = z.strictObject({ phone: PhoneText });
export const OptOut = z.object({ phone: z.string(), createdAt: z.string(), createdBy: Id });
export type OptOut = z.infer<typeof OptOut>;
export const OptOutPage = pageOf(OptOut);
export const OptOutListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
