import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Conflict, NotFound, PreconditionFailed } from '#lib/http/errors.ts';
import { fieldErrors, toProblem } from '#lib/http/problem.ts';

describe('problem+json mapping', () => {
  it('maps an HttpError to its status, stable code and type', () => {
    const problem = toProblem(new NotFound('customer'), '/v1/customers/1');

    expect(problem).toMatchObject({
      status: 404,
      code: 'not_found',
      title: 'Not found',
      instance: '/v1/customers/1',
      type: expect.stringMatching(/not_found$/),
    });
  });

  it('carries extensions such as the owner of a duplicate', () => {
    const problem = toProblem(new Conflict('duplicate_name', 'exists', { existing: { ownerName: '张三' } }));

    expect(problem).toMatchObject({ status: 409, code: 'duplicate_name', existing: { ownerName: '张三' } });
  });

  it('never leaks an unexpected error into the body', () => {
    const problem = toProblem(new Error('connection string with password=secret'));

    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('has a 412 for stale versions', () => {
    expect(toProblem(new PreconditionFailed()).status).toBe(412);
  });

  it('turns zod issues into field errors with paths and stable codes', () => {
    const schema = z.strictObject({
      name: z.string(),
      contacts: z.array(z.strictObject({ mobile: z.string() })),
    });
    const result = schema.safeParse({ name: 1, contacts: [{ mobile: 2 }], extra: true });

    const errors = result.success ? [] : fieldErrors(result.error, 'body');

    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.name', code: 'invalid_type' }),
        expect.objectContaining({ path: 'body.contacts.0.mobile', code: 'invalid_type' }),
        expect.objectContaining({ path: 'body', code: 'unknown_field' }),
      ]),
    );
  });
});
