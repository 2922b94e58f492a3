import { expect, it } from 'vitest';
import { openApiDocument } from '#lib/openapi.ts';

/**
 * The HTTP contract outside clients are written against: any change to a path, parameter or schema
 * shows here as a diff of the committed document (`vitest -u` rewrites it on purpose).
 */
it('documents the same paths, parameters and schemas as the committed contract', async () => {
  const document = JSON.stringify(openApiDocument(), null, 2);

  await expect(`${document}\n`).toMatchFileSnapshot('./openapi-contract.snapshot.json');
});
