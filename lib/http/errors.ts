/**
 * Every error a client can see. Each carries its HTTP status and a stable machine-readable `code`;
 * lib/http/problem.ts turns them into RFC 9457 problem+json once, in one place.
 */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    /** Extra members of the problem document (e.g. the owner of a duplicate). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export class BadRequest extends HttpError {
  constructor(detail: string, errors?: FieldError[], code = 'invalid_request') {
    super(400, code, 'Invalid request', detail, errors);
  }
}

export class Unauthorized extends HttpError {
  constructor(detail = 'A valid bearer token is required.', code = 'unauthorized') {
    super(401, code, 'Unauthorized', detail);
  }
}

export class Forbidden extends HttpError {
  constructor(detail: string, code = 'forbidden') {
    super(403, code, 'Forbidden', detail);
  }
}

export class NotFound extends HttpError {
  constructor(what = 'resource', code = 'not_found') {
    super(404, code, 'Not found', `The ${what} does not exist or is not visible to you.`);
  }
}

export class Conflict extends HttpError {
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(409, code, 'Conflict', detail, undefined, extensions);
  }
}

export class PreconditionFailed extends HttpError {
  constructor(detail = 'The resource changed since you read it; reload and retry.') {
    super(412, 'stale_version', 'Precondition failed', detail);
  }
}

export class PreconditionRequired extends HttpError {
  constructor(detail = 'This update needs an If-Match header with the ETag you read.') {
    super(428, 'if_match_required', 'Precondition required', detail);
  }
}

export class UnsupportedMediaType extends HttpError {
  constructor(detail: string) {
    super(415, 'unsupported_media_type', 'Unsupported media type', detail);
  }
}

export class Unprocessable extends HttpError {
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(422, code, 'Unprocessable request', detail, undefined, extensions);
  }
}

export class TooManyRequests extends HttpError {
  constructor(detail: string, code = 'too_many_requests') {
    super(429, code, 'Too many requests', detail);
  }
}
