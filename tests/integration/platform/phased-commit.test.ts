import { describe, expect, it } from 'vitest';
import { tableName } from '#lib/db/client.ts';
import { metered } from '#lib/db/metering.ts';
import { afterwards, atomic, commitSteps, NEW_ITEM, putStep, type Step } from '#lib/db/write.ts';
import { anyKey, exhausted, read } from './world.ts';

/**
 * lib/db/write.ts commitSteps by phase: reservations alone before the transaction and given back
 * when it does not go in, derived writes alone after it, skipped when a newer write is there.
 */

class Refused extends Error {}
class Full extends Error {}

/** A counter that takes one more while it stays at most `max`, given back by its undo. */
const reservation = (key: { pk: string; sk: string }, max: number): Step => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD n :one',
      ConditionExpression: 'attribute_not_exists(n) OR n < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    },
  },
  fail: () => new Full(),
  phase: 'before',
  undo: {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD n :minus',
      ExpressionAttributeValues: { ':minus': -1 },
    },
  },
});

const create = (key: { pk: string; sk: string }, value: number) =>
  putStep({ ...key, value }, () => new Refused(), NEW_ITEM);

/** A derived copy: replaced only by a copy of a newer version. */
const copy = (key: { pk: string; sk: string }, version: number) =>
  afterwards(
    putStep({ ...key, version }, () => new Error('newer there'), {
      expression: 'attribute_not_exists(version) OR version < :v',
      values: { ':v': version },
    }),
  );

describe('a commit in phases', () => {
  it('holds the reservation, writes the main item, then the derived copy, each as a plain write', async () => {
    const [counter, main, derived] = [anyKey(), anyKey(), anyKey()];

    const { meter } = await metered(() =>
      commitSteps([reservation(counter, 5), create(main, 1), copy(derived, 1)], { exhausted }),
    );

    expect(await read(counter)).toMatchObject({ n: 1 });
    expect(await read(main)).toMatchObject({ value: 1 });
    expect(await read(derived)).toMatchObject({ version: 1 });
    // Three plain writes of small items; one transaction of the three would report 12 on DynamoDB Local.
    expect(meter.wcu).toBe(3);
  });

  it('gives the reservation back and writes nothing derived when the main item is refused', async () => {
    const [counter, main, derived] = [anyKey(), anyKey(), anyKey()];
    await commitSteps([create(main, 1)], { exhausted });

    await expect(
      commitSteps([reservation(counter, 5), create(main, 2), copy(derived, 1)], { exhausted }),
    ).rejects.toBeInstanceOf(Refused);

    expect(await read(counter)).toMatchObject({ n: 0 });
    expect(await read(main)).toMatchObject({ value: 1 });
    expect(await read(derived)).toBeUndefined();
  });

  it("answers a refused reservation with its own error, giving back the others' and writing nothing", async () => {
    const [roomy, full, main] = [anyKey(), anyKey(), anyKey()];
    await commitSteps([reservation(full, 1)], { exhausted });

    await expect(
      commitSteps([reservation(roomy, 5), reservation(full, 1), create(main, 1)], { exhausted }),
    ).rejects.toBeInstanceOf(Full);

    expect(await read(roomy)).toMatchObject({ n: 0 });
    expect(await read(full)).toMatchObject({ n: 1 });
    expect(await read(main)).toBeUndefined();
  });

  it('skips a derived write a newer one got to first, without failing the commit', async () => {
    const [main, derived] = [anyKey(), anyKey()];
    await commitSteps([copy(derived, 3)], { exhausted });

    await commitSteps([create(main, 1), copy(derived, 2)], { exhausted });

    expect(await read(main)).toMatchObject({ value: 1 });
    expect(await read(derived)).toMatchObject({ version: 3 });
  });

  it('lets exactly as many concurrent commits in as the reservation has room for, and counts them exactly', async () => {
    const counter = anyKey();
    const mains = Array.from({ length: 10 }, () => anyKey());

    const outcomes = await Promise.allSettled(
      mains.map((main) => commitSteps([reservation(counter, 4), create(main, 1)], { exhausted })),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof Full)).toBe(true);
    const written = (await Promise.all(mains.map(read))).filter(Boolean);
    expect(written).toHaveLength(4);
    expect(await read(counter)).toMatchObject({ n: 4 });
  });

  it('writes every step in the transaction when asked to be atomic', async () => {
    const [counter, main] = [anyKey(), anyKey()];
    await commitSteps([create(main, 1)], { exhausted });

    await expect(
      commitSteps(atomic([reservation(counter, 5), create(main, 2)]), { exhausted }),
    ).rejects.toBeInstanceOf(Refused);

    // Nothing of the transaction went in, so nothing had to be given back.
    expect(await read(counter)).toBeUndefined();
  });
});
