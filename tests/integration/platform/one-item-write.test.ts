import { describe, expect, it } from 'vitest';
import { tableName } from '#lib/db/client.ts';
import { metered } from '#lib/db/metering.ts';
import { commitSteps, NEW_ITEM, putStep, type Step } from '#lib/db/write.ts';
import { anyKey, exhausted, read } from './world.ts';

class Taken extends Error {}

const bumpStep = (key: { pk: string; sk: string }, expected: number): Step => ({
  item: {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET n = :next',
      ConditionExpression: 'n = :expected',
      ExpressionAttributeValues: { ':next': expected + 1, ':expected': expected },
    },
  },
  fail: () => new Taken(),
});

describe('a commit of one item', () => {
  it('writes it for the WCU of a plain write, half of what a transaction of one item costs', async () => {
    const key = anyKey();

    const { meter } = await metered(() =>
      commitSteps([putStep({ ...key, n: 1 }, () => new Taken(), NEW_ITEM)], { exhausted }),
    );

    expect(await read(key)).toMatchObject({ n: 1 });
    expect(meter.wcu).toBe(1);
  });

  it("answers a failed condition with the step's own error and writes nothing", async () => {
    const key = anyKey();
    await commitSteps([putStep({ ...key, n: 1 }, () => new Taken(), NEW_ITEM)], { exhausted });

    await expect(
      commitSteps([putStep({ ...key, n: 2 }, () => new Taken(), NEW_ITEM)], { exhausted }),
    ).rejects.toBeInstanceOf(Taken);
    expect(await read(key)).toMatchObject({ n: 1 });
  });

  it('applies a conditional update once: the second writer at the same version loses', async () => {
    const key = anyKey();
    await commitSteps([putStep({ ...key, n: 1 }, () => new Taken(), NEW_ITEM)], { exhausted });

    const outcomes = await Promise.allSettled([
      commitSteps([bumpStep(key, 1)], { exhausted }),
      commitSteps([bumpStep(key, 1)], { exhausted }),
    ]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(Taken) });
    expect(await read(key)).toMatchObject({ n: 2 });
  });
});
