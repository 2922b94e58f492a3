import { $ZodError } from 'zod/v4/core';
import { type FieldError, HttpError } from './errors.ts';

export const PROBLEM_TYPE_BASE = 'https://crm.example.com/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Zod issues as field errors: `body.contacts.0.mobile`, with zod's issue code as the stable code. */
export function fieldErrors(error: $ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
    message:
      issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/**
 * The one mapping from a thrown value to a problem document. Anything that is not an HttpError is
 * a bug on our side: it becomes a bare 500 whose body never carries the error itself.
 */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof HttpError) {
    return {
      ...error.extensions,
      type: PROBLEM_TYPE_BASE + error.code,
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(instance ? { instance } : {}),
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof $ZodError) {
    return toProblem(
      new HttpError(
        400,
        'invalid_request',
        'Invalid request',
        'The request is invalid.',
        fieldErrors(error, ''),
      ),
      instance,
    );
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal`,
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged.',
    code: 'internal',
    ...(instance ? { instance } : {}),
  };
}
