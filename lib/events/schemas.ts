import * as z from 'zod/mini';
import { Id } from '../schemas.ts';

/**
 * The envelope every domain event travels in (EventBridge detail, webhook body): what happened
 * (`type`, `version`), where (`tenantId`), when, who did it, to what, and the subject as its API
 * representation after the change (before it, for a removal).
 */

/** Who made the change: a user or an API client (a service principal); null for the system (jobs). */
export const Actor = z.nullable(z.object({ id: Id }));
export type Actor = z.infer<typeof Actor>;

export const Subject = z.object({
  /** The kind of thing the event is about (`customer`, `opportunity`, ...). */
  type: z.string(),
  id: z.string(),
  /** The customer it belongs to, for the children of a customer. */
  customerId: z.optional(z.string()),
});
export type Subject = z.infer<typeof Subject>;

export const envelope = <T extends string, D extends z.ZodMiniType>(type: T, data: D) =>
  z.object({
    /** Stable across redeliveries and replays of the stream record it came from. */
    id: z.string(),
    type: z.literal(type),
    version: z.literal(1),
    tenantId: z.string(),
    occurredAt: z.string(),
    actor: Actor,
    subject: Subject,
    data,
  });

export interface DomainEvent<D = unknown> {
  id: string;
  type: string;
  version: 1;
  tenantId: string;
  occurredAt: string;
  actor: Actor;
  subject: Subject;
  data: D;
}
