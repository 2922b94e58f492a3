/**
 * The one source of "now". Production reads the system clock; tests and the local job runner move
 * time by setting it, so no rule ever calls `new Date()` itself.
 */
let current: () => Date = () => new Date();

export const now = (): Date => current();

/** Fixes the clock (tests, `POST /local/jobs/{name}/run { now }`); `undefined` restores real time. */
export function setClock(at: Date | undefined): void {
  current = at ? () => new Date(at) : () => new Date();
}
