/**
 * Writes what an invocation counted (lib/metrics.ts), called by the HTTP stack and the background
 * wrapper at the end of every invocation. Apart from lib/metrics.ts so that the functions that
 * count nothing (most) carry no metrics library: the first `count()` of a process registers here
 * how its counts are written.
 */
let flush: (() => void) | undefined;

export function onFlush(write: () => void): void {
  flush = write;
}

export function flushMetrics(): void {
  flush?.();
}
