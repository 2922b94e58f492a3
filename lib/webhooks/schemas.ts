import * as z from 'zod/mini';
import { EVENT_TYPE_NAMES } from '../events/catalog.ts';
import { Cursor, Id, Limit, pageOf } from '../schemas.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** An event type, a subject's every event (`customer.*`) or everything (`*`). */
export const EventFilter = z
  .string()
  .check(
    z.refine(
      (f) =>
        f === '*' ||
        EVENT_TYPE_NAMES.includes(f) ||
        EVENT_TYPE_NAMES.some((t) => f.endsWith('.*') && t.startsWith(f.slice(0, -1))),
      'Must be an event type (see the webhooks section of the API document), `<subject>.*` or `*`',
    ),
  );

export const Url = z.string().check(z.trim(), z.minLength(8), z.maxLength(2000));

export const CreateWebhookBody = z.strictObject({
  url: Url,
  events: z.array(EventFilter).check(z.minLength(1), z.maxLength(100)),
  description: z.optional(Text(500)),
});
export type CreateWebhookInput = z.output<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .strictObject({
    url: z.optional(Url),
    events: z.optional(z.array(EventFilter).check(z.minLength(1), z.maxLength(100))),
    description: z.optional(z.nullable(Text(500))),
    /** Switches a webhook on again after it was disabled, or off. */
    enabled: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Change at least one field'));
export type UpdateWebhookInput = z.output<typeof UpdateWebhookBody>;

export const Webhook = z.object({
  id: Id,
  url: z.string(),
  events: z.array(z.string()),
  description: z.nullable(z.string()),
  status: z.enum(['active', 'disabled']),
  /** Why it was switched off: `failing` (deliveries failed for a day) or `manual`. */
  disabledReason: z.nullable(z.enum(['failing', 'manual'])),
  /** Since when every attempt failed (null while the receiver answers). */
  failingSince: z.nullable(z.string()),
  /** Until when the previous secret still signs deliveries beside the current one (rotation). */
  previousSecretExpiresAt: z.nullable(z.string()),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Webhook = z.infer<typeof Webhook>;
export const WebhookPage = pageOf(Webhook);

/** The signing secret, shown once: `whsec_` and base64, as Standard Webhooks libraries take it. */
export const WebhookCreated = z.extend(Webhook, { secret: z.string() });

export const RotateSecretBody = z.optional(
  z.strictObject({
    /** How long the previous secret keeps signing beside the new one (default 24 h, at most 7 days). */
    graceHours: z.optional(z.number().check(z.int(), z.gte(0), z.lte(168))),
  }),
);
export const SecretRotated = z.object({
  secret: z.string(),
  previousSecretExpiresAt: z.nullable(z.string()),
});

export const Attempt = z.object({
  attempt: z.number().check(z.int()),
  at: z.string(),
  outcome: z.enum(['succeeded', 'failed']),
  /** The receiver's HTTP status; null when there was no answer. */
  responseCode: z.nullable(z.number().check(z.int())),
  latencyMs: z.number().check(z.int()),
  /** Why an attempt failed without an answer (timeout, address_not_allowed, ...). */
  error: z.nullable(z.string()),
});
export type Attempt = z.infer<typeof Attempt>;

export const Delivery = z.object({
  id: Id,
  webhookId: Id,
  eventId: z.string(),
  eventType: z.string(),
  occurredAt: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.number().check(z.int()),
  /** When the next attempt is due (null once delivered or given up). */
  nextAttemptAt: z.nullable(z.string()),
  attempts: z.array(Attempt),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryPage = pageOf(Delivery);
export const DeliveryListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
export const WebhookListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
export const DeliveryParams = z.strictObject({ id: Id, deliveryId: Id });
