/**
 * Writes the phone metadata the functions bundle (lib/phone-metadata/{min,max}.json): the
 * libphonenumber-js metadata cut down to PHONE_COUNTRIES, so a function that parses phones carries
 * a few dozen numbering plans, without display formats, instead of all 245 (83 KB min, 157 KB max). Run it after upgrading
 * libphonenumber-js: `npm run phone:metadata`; tests/unit/platform/phone-metadata.test.ts fails
 * until the committed files match the installed package.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PHONE_COUNTRIES } from './countries.ts';

interface Metadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: Record<string, unknown>;
}

const require = createRequire(import.meta.url);

/** Where a country's plan keeps its display formats (libphonenumber-js metadata layout). */
const FORMATS = 4;

/**
 * A plan without its display formats: the functions only parse, validate and type numbers (E.164
 * is what they store and send), and the formats are a third of the metadata.
 */
const withoutFormats = (plan: unknown) =>
  Array.isArray(plan) ? plan.map((part, i) => (i === FORMATS ? [] : part)) : plan;

/** The package's metadata with only the given countries (and the calling codes that reach them). */
export function cutMetadata(full: Metadata, countries: readonly string[]): Metadata {
  const kept = new Set(countries);
  const codes = Object.entries(full.country_calling_codes)
    .map(([code, list]) => [code, list.filter((c) => kept.has(c))] as const)
    .filter(([, list]) => list.length > 0);
  return {
    version: full.version,
    country_calling_codes: Object.fromEntries(codes),
    countries: Object.fromEntries(
      Object.entries(full.countries)
        .filter(([c]) => kept.has(c))
        .map(([c, plan]) => [c, withoutFormats(plan)]),
    ),
    // Non-geographic numbers (+800, +808 …) are not customers' phones.
    nonGeographic: {},
  };
}

export const packageMetadata = (kind: 'min' | 'max'): Metadata =>
  require(`libphonenumber-js/metadata.${kind}.json`) as Metadata;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const kind of ['min', 'max'] as const) {
    const target = new URL(`./${kind}.json`, import.meta.url);
    writeFileSync(target, `${JSON.stringify(cutMetadata(packageMetadata(kind), PHONE_COUNTRIES))}\n`);
    console.log(`wrote ${fileURLToPath(target)}`);
  }
}
