import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type { Req } from '#lib/http/http.ts';
import { route } from '#lib/http/route.ts';
import { routes } from '#lib/routes.ts';
import { settingsRoutes } from '#lib/settings/routes.ts';
import type * as settings from '#lib/settings/schemas.ts';

describe('route', () => {
  it("picks a route from its context's table with its key, for logs and Idempotency-Key records", () => {
    const picked = route(settingsRoutes, 'PATCH /v1/custom-fields/{id}');

    expect(picked.key).toBe('PATCH /v1/custom-fields/{id}');
    expect(picked.handler).toBe('functions/settings/update-custom-field.ts');
  });

  it('types a request from the route spec alone (checked by tsc)', () => {
    const picked = route(settingsRoutes, 'POST /v1/dictionaries/{kind}/items');
    type R = Req<typeof picked>;

    expectTypeOf<R['params']>().toEqualTypeOf<z.output<typeof settings.DictionaryParams>>();
    expectTypeOf<R['body']>().toEqualTypeOf<z.output<typeof settings.CreateDictionaryItemBody>>();
    expectTypeOf<R['query']>().toEqualTypeOf<undefined>();
  });

  it('assembles the contexts in the table every consumer reads, one entry per key', () => {
    expect(routes['POST /v1/dictionaries/{kind}/items']).toBe(
      settingsRoutes['POST /v1/dictionaries/{kind}/items'],
    );
  });
});
