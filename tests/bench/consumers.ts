/**
 * The stream consumers the bench runs: those whose output a measured endpoint reads, on the items
 * it reads them for. Catching up with every consumer over the seeded data (20,000 located customers
 * and more) took a quarter of an hour and held up the seeding itself, for output nothing measured.
 * Left out, with what the endpoints read instead:
 * - `events` (domain events, hence the webhooks' fan-out): the delivery log is seeded through the
 *   webhooks' repository as the fan-out writes it (integrations.ts);
 * - `customer-tiers` and `customer-timeline`: the tier copies of every customer and the timeline
 *   that is measured are seeded through lib/lifecycle's builders (lifecycle.ts);
 * - `name-search` on customers (their pinyin terms): no measured search is in pinyin; on contacts it
 *   runs, as the contact list is ordered by the pinyin sort name it writes.
 */
import { type StreamConsumerSpec, streamConsumers } from '#lib/jobs.ts';

const {
  events: _events,
  'customer-tiers': _tiers,
  'customer-timeline': _timeline,
  'name-search': nameSearch,
  ...measured
} = streamConsumers;

export const benchConsumers: Record<string, StreamConsumerSpec> = {
  ...measured,
  'name-search': { ...nameSearch, on: { ...nameSearch.on, itemTypes: ['contact'] } },
};
