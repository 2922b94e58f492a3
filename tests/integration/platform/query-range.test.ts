import { describe, expect, it } from 'vitest';
import { metered } from '#lib/db/metering.ts';
import { jobPages, queryPage } from '#lib/db/query.ts';
import { commitSteps, NEW_ITEM, putStep } from '#lib/db/write.ts';
import { anyKey, exhausted } from './world.ts';

/** A sort-key range whose bounds a caller gave the wrong way round holds nothing; it is no error. */
describe('a reversed sort-key range', () => {
  it('is an empty page and an empty job read, without asking DynamoDB', async () => {
    const key = anyKey();
    await commitSteps([putStep({ ...key, n: 1 }, () => new Error('taken'), NEW_ITEM)], { exhausted });
    const range = (between: [string, string]) =>
      queryPage({ tenantId: 't', pk: key.pk, sk: { between }, limit: 10, fingerprint: 'range' });

    const inOrder = await range(['A', 'Z']);
    const { result: reversed, meter } = await metered(() => range(['Z', 'A']));
    const jobRead: unknown[] = [];
    for await (const page of jobPages({ pkName: 'pk', pk: key.pk, skName: 'sk', between: ['Z', 'A'] }))
      jobRead.push(...page);

    expect(inOrder.items).toHaveLength(1);
    expect(reversed).toEqual({ items: [], nextCursor: null });
    expect(meter.calls).toBe(0);
    expect(jobRead).toEqual([]);
  });
});
