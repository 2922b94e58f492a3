/**
 * Who starts the worker of a new broadcast. In AWS no one has to: writing the broadcast item puts
 * an INSERT on the table's stream, and the stream invokes the worker (asynchronously, retried,
 * even when the request's function dies right after the write). The local runtime has no stream:
 * it registers a starter here that runs the same worker handler in the background.
 */
export interface BroadcastRef {
  tenantId: string;
  broadcastId: string;
}

let starter: ((ref: BroadcastRef) => void) | undefined;

/** The local runtime's hook; `undefined` removes it. */
export function onBroadcastCreated(start: ((ref: BroadcastRef) => void) | undefined): void {
  starter = start;
}

/** Called once a broadcast is stored; must not wait for the sending (the request answers 202 at once). */
export function broadcastCreated(ref: BroadcastRef): void {
  starter?.(ref);
}
