/**
 * Custom field values (自定义字段), for the contexts whose records carry them: customers import
 * `validateCustomFields` and store what it returns under `customFields`.
 */
import * as z from 'zod/mini';
import type { FieldError } from '../http/errors.ts';
import { BadRequest } from '../http/errors.ts';
import { normalizePhone } from '../phone.ts';
import { Email } from '../schemas.ts';
import { listCustomFields } from './repository.ts';
import type { CustomField, CustomFieldEntity } from './schemas.ts';

export type CustomFieldDefinition = Pick<CustomField, 'key' | 'type' | 'options' | 'required' | 'label'>;

/** Built when a phone field is checked, not at import: the settings functions never parse phones. */
const phoneSchema = () =>
  z.pipe(
    z.string().check(z.trim()),
    z.transform((value: string, ctx) => {
      const phone = normalizePhone(value);
      if (!phone) {
        ctx.issues.push({ code: 'custom', message: 'Not a valid phone number', input: value });
        return z.NEVER;
      }
      return phone;
    }),
  );

function valueSchema(def: CustomFieldDefinition): z.ZodMiniType {
  const options = def.options ?? [];
  switch (def.type) {
    case 'text':
      return z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
    case 'textarea':
      return z.string().check(z.trim(), z.minLength(1), z.maxLength(5000));
    case 'number':
      return z.number();
    case 'date':
      return z.iso.date();
    case 'select':
      return z.string().check(z.refine((v) => options.includes(v), `Must be one of: ${options.join(', ')}`));
    case 'multiSelect':
      return z.pipe(
        z
          .array(
            z.string().check(z.refine((v) => options.includes(v), `Must be one of: ${options.join(', ')}`)),
          )
          .check(z.minLength(def.required ? 1 : 0), z.maxLength(options.length * 2)),
        z.transform((values) => options.filter((o) => values.includes(o))),
      );
    case 'boolean':
      return z.boolean();
    case 'phone':
      return phoneSchema();
    case 'email':
      return z.pipe(z.string().check(z.trim()), Email);
    case 'url':
      return z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));
  }
}

/**
 * A strict zod schema for a `customFields` object: each value checked against its definition's
 * type (and options), unknown keys rejected. On create (`partial: false`) required fields must be
 * present; on update (`partial: true`) only the keys given are checked, and `null` clears a field
 * that is not required. Values come out normalised (trimmed, phones in E.164, multi-selects in
 * option order without repeats).
 */
export function customFieldValuesSchema(
  definitions: readonly CustomFieldDefinition[],
  opts: { partial: boolean } = { partial: false },
) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const def of definitions) {
    const base = valueSchema(def);
    shape[def.key] = def.required ? (opts.partial ? z.optional(base) : base) : z.optional(z.nullable(base));
  }
  return z.strictObject(shape);
}

/** Every definition of an entity (one Query), in display order. */
export async function loadCustomFieldDefinitions(
  tenantId: string,
  entity: CustomFieldEntity,
): Promise<CustomField[]> {
  const fields = await listCustomFields(tenantId, entity);
  return fields.sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}

/**
 * Checks a record's `customFields` against the tenant's definitions and returns the normalised
 * values to store. Throws BadRequest with paths `body.customFields.<key>` (or under `opts.path`).
 * With `partial: true` the result keeps `null` for fields to clear; with `partial: false` nulls are
 * dropped. No definitions are read when an update sends no custom fields.
 */
export async function validateCustomFields(
  tenantId: string,
  entity: 'customer',
  values: Record<string, unknown> | undefined,
  opts: { partial: boolean; path?: string },
): Promise<Record<string, unknown>> {
  if (values === undefined && opts.partial) return {};
  const definitions = await loadCustomFieldDefinitions(tenantId, entity);
  const input = values ?? {};
  const prefix = opts.path ?? 'body.customFields';
  const result = customFieldValuesSchema(definitions, opts).safeParse(input);
  if (!result.success) {
    throw new BadRequest('Some custom fields are invalid.', customFieldErrors(result.error, input, prefix));
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.data)) {
    if (value === undefined || (value === null && !opts.partial)) continue;
    out[key] = value;
  }
  return out;
}

function customFieldErrors(
  error: z.core.$ZodError,
  input: Record<string, unknown>,
  prefix: string,
): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: `${prefix}.${key}`,
        code: 'unknown_field',
        message: 'No custom field has this key',
      }));
    }
    const [key] = issue.path;
    const missing = issue.path.length === 1 && input[String(key)] === undefined;
    return [
      {
        path: [prefix, ...issue.path.map(String)].join('.'),
        code: missing ? 'required' : issue.code,
        message: missing ? 'This field is required' : issue.message,
      },
    ];
  });
}
