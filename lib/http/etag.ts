import { BadRequest, PreconditionRequired } from './errors.ts';

/**
 * The version a client claims to update, from its If-Match header (`"3"` or `W/"3"`). Missing is
 * 428; the repository answers 412 when the stored version differs.
 */
export function expectedVersion(headers: Record<string, string | undefined>): number {
  const header = headers['if-match'];
  if (!header) throw new PreconditionRequired();
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match)
    throw new BadRequest(
      'If-Match must be an ETag returned by this API, e.g. "3".',
      undefined,
      'invalid_if_match',
    );
  return Number(match[1]);
}
