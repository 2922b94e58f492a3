/**
 * The persistence idioms every repository shares: turning a stored item back into its record, and
 * the conditions of optimistic locking (see write.ts for the steps that carry them).
 */

/** A condition expression with its names and values. */
export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Attributes that are keys, index keys (`xPk`/`xSk`, lib/db/keys.ts) or the item's kind: never part of a record. */
const KEY_ATTRIBUTE = /^(pk|sk|type)$|Pk$|Sk$/;

/** Whether an attribute is the item's key, an index key or its `type`. */
export const isKeyAttribute = (name: string) => KEY_ATTRIBUTE.test(name);

/**
 * The record a stored item holds: the item without its key and index-key attributes and `type`, nor
 * the bookkeeping attributes named in `also` (e.g. `expiresAt`).
 */
export function stripKeys<T>(item: Record<string, unknown>, also: readonly string[] = []): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTE.test(name) && !also.includes(name)),
  ) as T;
}

/** A repository's `strip`: `stripKeys` with its own bookkeeping attributes. */
export const stripper =
  (also: readonly string[] = []) =>
  <T>(item: Record<string, unknown>): T =>
    stripKeys<T>(item, also);

/** The item must exist (an update or delete of something read before, a child's parent). */
export const EXISTS: Condition = { expression: 'attribute_exists(pk)' };

/**
 * The stored item is still at `version` (optimistic locking; 412 when not). A missing item fails it
 * too, so it needs no `attribute_exists(pk)` beside it.
 */
export const atVersion = (version: number): Condition => ({
  expression: '#v = :expected',
  names: { '#v': 'version' },
  values: { ':expected': version },
});

/** Every one of the conditions (`AND`), each in parentheses when compound. */
export function allOf(...conditions: Condition[]): Condition {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const c of conditions) {
    mergeInto(names, c.names);
    mergeInto(values, c.values);
  }
  return {
    expression: conditions
      .map((c) =>
        conditions.length > 1 && /\s(AND|OR)\s/i.test(c.expression) ? `(${c.expression})` : c.expression,
      )
      .join(' AND '),
    ...(Object.keys(names).length ? { names } : {}),
    ...(Object.keys(values).length ? { values } : {}),
  };
}

/**
 * A Put, Update or Delete input (or a transaction's one) under `condition`: its names and values
 * join the input's own. A placeholder both define differently is a programming error: it throws.
 */
export function withCondition<I extends object>(
  input: I,
  condition: Condition,
): I & { ConditionExpression: string } {
  const own = input as {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  const names = mergeInto({ ...own.ExpressionAttributeNames }, condition.names);
  const values = mergeInto({ ...own.ExpressionAttributeValues }, condition.values);
  return {
    ...input,
    ConditionExpression: condition.expression,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

function mergeInto<V>(target: Record<string, V>, source: Record<string, V> | undefined): Record<string, V> {
  for (const [name, value] of Object.entries(source ?? {})) {
    if (name in target && target[name] !== value) throw new Error(`placeholder ${name} defined twice`);
    target[name] = value;
  }
  return target;
}
