import { describe, expect, it } from 'vitest';
import {
  commit,
  getCollection,
  getCustomer,
  type Step,
  saveCustomerSteps,
  settleCopies,
} from '#lib/customers/repository.ts';
import type { CustomerRecord } from '#lib/customers/rules.ts';
import { touched } from '#lib/customers/rules.ts';
import { tableName } from '#lib/db/client.ts';
import { customerKey } from '#lib/db/keys.ts';
import { commitSteps, writeAfter } from '#lib/db/write.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create } from './world.ts';

/**
 * The race the copies' version conditions and `settleCopies` exist for, played step by step: a save
 * whose derived writes land only after a newer save has written its own. An overtaken put of a
 * copy the newer save keeps is refused by its version; one of a copy the newer save removed lands
 * (nothing is left to refuse it) and is taken away again when the overtaken save settles.
 */

const exhausted = () => new Error('exhausted');

/** The customer's write alone, its derived writes held back and handed to the caller. */
async function writeMainOnly(steps: Step[]): Promise<Step[]> {
  await commitSteps(
    steps.filter((s) => s.phase === undefined || s.phase === 'main'),
    { exhausted },
  );
  return steps.filter((s) => s.phase === 'after');
}

const tagCopies = async (tenantId: string, id: string) =>
  (await getCollection(tenantId, id, true))
    .filter((i) => String(i.sk).startsWith('TAG#'))
    .map((i) => ({ tag: String(i.sk).slice(4), version: i.version }))
    .sort((a, b) => a.tag.localeCompare(b.tag));

const retagged = (c: CustomerRecord, tags: string[]) =>
  touched(c, new Date(Date.parse(c.updatedAt) + 1000).toISOString(), { tags });

describe('copies of a customer whose derived writes are overtaken', () => {
  it('end up exactly those of the newest version once the overtaken save settles', async () => {
    const t = await newTenant();
    const { id } = await create(t.admin, { tags: ['甲'] });
    const v1 = (await getCustomer(t.tenantId, id)) as CustomerRecord;
    const v2 = retagged(v1, ['甲', '乙']);
    const v3 = retagged(v2, ['甲']);

    const late = await writeMainOnly(saveCustomerSteps(t.tenantId, v2, v1, {}));
    await commit(saveCustomerSteps(t.tenantId, v3, v2, {}));
    await Promise.all(late.map((s) => writeAfter(s.item)));

    // The late put of 甲 was refused (v3's copy is newer); the late 乙 landed: a ghost for now.
    expect(await tagCopies(t.tenantId, id)).toEqual([
      { tag: '乙', version: v2.version },
      { tag: '甲', version: v3.version },
    ]);

    await settleCopies(t.tenantId, v2);

    expect(await tagCopies(t.tenantId, id)).toEqual([{ tag: '甲', version: v3.version }]);
  });

  it("are put right by the customer's next save when a save died between its phases", async () => {
    const t = await newTenant();
    const { id } = await create(t.admin, { tags: ['甲'] });
    const v1 = (await getCustomer(t.tenantId, id)) as CustomerRecord;
    const v2 = retagged(v1, ['甲', '乙']);
    const v3 = touched(v2, new Date(Date.parse(v2.updatedAt) + 1000).toISOString(), { note: '下次' });

    // The customer's write went in, none of what follows it: the copies still show v1.
    await writeMainOnly(saveCustomerSteps(t.tenantId, v2, v1, {}));
    expect(await tagCopies(t.tenantId, id)).toEqual([{ tag: '甲', version: v1.version }]);

    await commit(saveCustomerSteps(t.tenantId, v3, v2, {}));

    expect(await tagCopies(t.tenantId, id)).toEqual([
      { tag: '乙', version: v3.version },
      { tag: '甲', version: v3.version },
    ]);
  });

  it('are all taken away when the customer was removed before the overtaken save settles', async () => {
    const t = await newTenant();
    const { id } = await create(t.admin, { tags: ['甲'] });
    const v1 = (await getCustomer(t.tenantId, id)) as CustomerRecord;
    const v2 = retagged(v1, ['甲', '乙']);

    const late = await writeMainOnly(saveCustomerSteps(t.tenantId, v2, v1, {}));
    // Removed meanwhile (as a merge or a purge removes it): the item, its terms and tag copies.
    await commit([
      {
        item: { Delete: { TableName: tableName(), Key: customerKey(t.tenantId, id) } },
        fail: () => new Error('delete failed'),
      },
    ]);
    await Promise.all(late.map((s) => writeAfter(s.item)));

    await settleCopies(t.tenantId, v2);

    expect(await tagCopies(t.tenantId, id)).toEqual([]);
  });
});
