import { AsyncLocalStorage } from 'node:async_hooks';

/** What one request cost DynamoDB: capacity units and the items it had to read. */
export interface Meter {
  rcu: number;
  wcu: number;
  itemsRead: number;
  calls: number;
}

const storage = new AsyncLocalStorage<Meter>();

export const newMeter = (): Meter => ({ rcu: 0, wcu: 0, itemsRead: 0, calls: 0 });

/** Runs `fn` with a fresh meter that every DynamoDB call inside it adds to. */
export function metered<T>(fn: () => Promise<T>): Promise<{ result: T; meter: Meter }> {
  const meter = newMeter();
  return storage.run(meter, async () => ({ result: await fn(), meter }));
}

export const currentMeter = () => storage.getStore();

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Adds one DynamoDB response to the current meter (if any). */
export function record(commandName: string, output: Record<string, unknown>): void {
  const meter = storage.getStore();
  if (!meter) return;
  meter.calls += 1;
  const consumed = output.ConsumedCapacity as Capacity | Capacity[] | undefined;
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const units = c.CapacityUnits ?? 0;
    const writes = c.WriteCapacityUnits ?? (isWriteCommand(commandName) ? units : 0);
    const reads = c.ReadCapacityUnits ?? (isWriteCommand(commandName) ? 0 : units);
    meter.rcu += reads;
    meter.wcu += writes;
  }
  meter.itemsRead += itemsRead(commandName, output);
}

export const isWriteCommand = (name: string) => /Put|Update|Delete|TransactWrite|BatchWrite/.test(name);

function itemsRead(name: string, output: Record<string, unknown>): number {
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if (name.startsWith('Get')) return output.Item ? 1 : 0;
  if (name.startsWith('BatchGet')) {
    const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
    return Object.values(responses).reduce((n, items) => n + items.length, 0);
  }
  if (name.startsWith('TransactGet')) return ((output.Responses ?? []) as unknown[]).length;
  return 0;
}
