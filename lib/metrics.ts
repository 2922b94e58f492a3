import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from './config.ts';
import { onFlush } from './metrics-flush.ts';

/**
 * Business metrics, as CloudWatch embedded metric format (EMF) lines in the function's log: no API
 * call, no latency. A context counts an event where it happens (`count('claim')`); the HTTP stack
 * and the background wrapper (lib/tracing.ts) write what an invocation counted once, at its end
 * (through lib/metrics-flush.ts, so that only the functions that count carry this module).
 */

/** Namespace `CRM`, dimension `service: crm`; each event's CloudWatch metric name. */
export const BUSINESS_METRICS = {
  claim: 'CustomersClaimed',
  release: 'CustomersReleased',
  reclaim: 'CustomersReclaimed',
  smsSent: 'SmsSent',
  smsRefused: 'SmsRefused',
  imported: 'CustomersImported',
} as const;

export type BusinessEvent = keyof typeof BUSINESS_METRICS;

/** One per container, as Powertools recommends: it only buffers until `flushMetrics`. */
export const metrics = new Metrics({ namespace: 'CRM', serviceName: 'crm' });

/** Counts `value` occurrences of a business event (a reclaim run counts all it reclaimed at once). */
export function count(event: BusinessEvent, value = 1): void {
  if (value <= 0) return;
  onFlush(flushMetrics);
  metrics.addMetric(BUSINESS_METRICS[event], MetricUnit.Count, value);
}

/**
 * Writes what this invocation counted as one EMF line, and nothing when nothing was counted (most
 * requests: Powertools would warn about an empty flush). The local runtime has no CloudWatch to
 * read the lines, so it drops them.
 */
function flushMetrics(): void {
  if (!metrics.hasStoredMetrics()) return;
  if (config().RUNTIME === 'local') metrics.clearMetrics();
  else metrics.publishStoredMetrics();
}
