import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { config } from '../config.ts';
import { outgoing } from '../tracing.ts';
import { addressAllowed, checkUrl } from './rules.ts';

/**
 * The only way out to a receiver. Every connection resolves the host itself and refuses private,
 * loopback and link-local addresses at that moment, on the socket it opens: a name that resolved
 * to a public address when the webhook was created and to an internal one now (DNS rebinding)
 * never reaches the internal one.
 */

/** Loopback (http and https) is allowed only by the local runtime's switch, never in AWS. */
export const allowLoopback = () => {
  const { RUNTIME, WEBHOOKS_ALLOW_LOOPBACK } = config();
  return RUNTIME === 'local' && WEBHOOKS_ALLOW_LOOPBACK;
};

export class AddressRefused extends Error {
  readonly code = 'address_not_allowed';
}

/** Every address a host resolves to; all must be allowed (one bad answer refuses the host). */
export async function resolveAllowed(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [bare]
    : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  const loopbackOk = allowLoopback();
  if (!addresses.length || addresses.some((a) => !addressAllowed(a, loopbackOk)))
    throw new AddressRefused(`${host} resolves to an address webhooks may not reach`);
  return addresses;
}

/** The URL check of a webhook being created or edited: scheme, then where its host resolves now. */
export async function checkDestination(raw: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const verdict = checkUrl(raw, allowLoopback());
  if (!verdict.ok) return verdict;
  try {
    await resolveAllowed(verdict.url.hostname);
    return { ok: true };
  } catch (error) {
    if (error instanceof AddressRefused)
      return { ok: false, reason: 'The URL resolves to a private, loopback or link-local address.' };
    return { ok: false, reason: 'The host name does not resolve.' };
  }
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  resolveAllowed(hostname).then(
    (addresses) => {
      const family = (a: string) => (isIP(a) === 6 ? 6 : 4);
      if (options.all) {
        const all = callback as unknown as (
          err: null,
          list: Array<{ address: string; family: number }>,
        ) => void;
        all(
          null,
          addresses.map((address) => ({ address, family: family(address) })),
        );
      } else callback(null, addresses[0] as string, family(addresses[0] as string));
    },
    (error) => callback(error, '', 4),
  );
};

export interface Sent {
  status: number | null;
  error: string | null;
  latencyMs: number;
}

/** Bodies of answers are read and thrown away, up to this much. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs a delivery and reports the answer's status (or why there was none); never throws. */
export function post(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Sent> {
  const started = Date.now();
  const done = (status: number | null, error: string | null): Sent => ({
    status,
    error,
    latencyMs: Date.now() - started,
  });
  const verdict = checkUrl(rawUrl, allowLoopback());
  if (!verdict.ok) return Promise.resolve(done(null, 'url_not_allowed'));
  const url = verdict.url;
  // A literal address never goes through the lookup: it is judged here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !addressAllowed(literal, allowLoopback()))
    return Promise.resolve(done(null, 'address_not_allowed'));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const send = () =>
    new Promise<Sent>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          },
          lookup: guardedLookup,
          timeout: timeoutMs,
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('end', () => resolve(done(res.statusCode ?? null, null)));
          res.on('close', () => resolve(done(res.statusCode ?? null, null)));
          res.on('error', () => resolve(done(res.statusCode ?? null, null)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => {
        const code =
          error instanceof AddressRefused
            ? error.code
            : error.message === 'timeout'
              ? 'timeout'
              : ((error as NodeJS.ErrnoException).code ?? 'network_error');
        resolve(done(null, code));
      });
      req.end(body);
    });
  return outgoing(url, 'POST', send, (sent) => sent.status);
}
