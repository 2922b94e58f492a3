import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_OPTIONS } from '#infra/aws/build-options.ts';

/** Handler folders whose routes another context's routes.ts holds (functions/home: lib/followups). */
const CONTEXT_OF_FOLDER: Record<string, string> = { 'recycle-bin': 'customers', home: 'followups' };

/** One handler per context, plus the ones whose service needs no other context's schemas. */
const REPRESENTATIVE = [
  'functions/org/get-me.ts',
  'functions/customers/get-customer.ts',
  'functions/pool/claim-customer.ts',
  'functions/pipeline/create-contract.ts',
  'functions/followups/create-plan.ts',
  'functions/analytics/get-dashboard.ts',
];
/** Handlers of the parts of a context whose routes are split by part (office, pipeline). */
const PART_OF_CONTEXT: Record<string, string> = {
  'functions/office/list-announcements.ts': 'lib/office/announcements/routes.ts',
  'functions/office/create-worklog.ts': 'lib/office/worklogs/routes.ts',
  'functions/pipeline/convert-lead.ts': 'lib/pipeline/leads-routes.ts',
};
/** What expands recurring events (rrule), and what only stores, reads or checks events and work logs. */
const EXPANDS_RECURRENCES = ['functions/office/create-event.ts'];
const NO_RECURRENCES = ['functions/office/create-worklog.ts', 'functions/files/get-attachment.ts'];
const SELF_CONTAINED = [
  'functions/settings/get-settings.ts',
  'functions/notifications/list-notifications.ts',
  'functions/contacts/list-contacts.ts',
];

/** The use cases that write a name: the pinyin of names is indexed from the stream, not here. */
const NAME_WRITERS = [
  'functions/customers/create-customer.ts',
  'functions/customers/update-customer.ts',
  'functions/customers/merge-customers.ts',
  'functions/customers/import-customers.ts',
  'functions/contacts/create-contact.ts',
  'functions/contacts/update-contact.ts',
  'functions/org/create-user.ts',
  'functions/org/update-user.ts',
  'functions/pipeline/convert-lead.ts',
];
/** The stream consumers that index the pinyin (lib/jobs.ts name-search, user-search). */
const NAME_INDEXERS = ['functions/customers/index-names.ts', 'functions/org/index-user-names.ts'];

const contextOf = (handler: string) => {
  const folder = handler.split('/')[1] as string;
  return CONTEXT_OF_FOLDER[folder] ?? folder;
};

/** The modules esbuild put into each handler's bundle, with the deployment's options. */
let inputsOf: Map<string, string[]>;
let indexerInputs: Map<string, string[]>;

async function bundleInputs(entryPoints: string[]): Promise<Map<string, string[]>> {
  const { metafile } = await build({
    ...BUILD_OPTIONS,
    entryPoints,
    outdir: 'bundle-contents',
    write: false,
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  return new Map(
    Object.values((metafile as Metafile).outputs)
      .filter((output) => output.entryPoint)
      .map((output) => [output.entryPoint as string, Object.keys(output.inputs)]),
  );
}

beforeAll(async () => {
  [inputsOf, indexerInputs] = await Promise.all([
    bundleInputs([
      ...new Set([
        ...REPRESENTATIVE,
        ...SELF_CONTAINED,
        ...NAME_WRITERS,
        ...Object.keys(PART_OF_CONTEXT),
        ...EXPANDS_RECURRENCES,
        ...NO_RECURRENCES,
      ]),
    ]),
    bundleInputs(NAME_INDEXERS),
  ]);
}, 60_000);

/** A context's route specs: lib/<context>/routes.ts, or one part's (lib/office/tasks/routes.ts, lib/pipeline/leads-routes.ts). */
const ROUTE_MODULE = /^lib\/[\w-]+\/(?:[\w-]+\/)?(?:[\w-]+-)?routes\.ts$/;
const routeModulesIn = (inputs: string[]) => inputs.filter((input) => ROUTE_MODULE.test(input));

const pinyinIn = (inputs: string[] | undefined) =>
  (inputs ?? []).some((input) => input.includes('node_modules/pinyin-pro/'));

describe('what a handler bundles', () => {
  it('bundles every representative handler', () => {
    expect([...inputsOf.keys()].sort()).toEqual(
      [
        ...new Set([
          ...REPRESENTATIVE,
          ...SELF_CONTAINED,
          ...NAME_WRITERS,
          ...Object.keys(PART_OF_CONTEXT),
          ...EXPANDS_RECURRENCES,
          ...NO_RECURRENCES,
        ]),
      ].sort(),
    );
  });

  it('keeps the pinyin dictionary out of every HTTP function, in the consumers that index names', () => {
    for (const [handler, inputs] of inputsOf) expect(pinyinIn(inputs), handler).toBe(false);
    for (const handler of NAME_INDEXERS) expect(pinyinIn(indexerInputs.get(handler)), handler).toBe(true);
  });

  it("never bundles the assembled route table or another context's routes", () => {
    for (const [handler, inputs] of inputsOf) {
      const routeModules = routeModulesIn(inputs);
      expect(routeModules.length, handler).toBeGreaterThan(0);
      expect(inputs, handler).not.toContain('lib/routes.ts');
      expect(
        routeModules.filter((input) => !input.startsWith(`lib/${contextOf(handler)}/`)),
        handler,
      ).toEqual([]);
    }
  });

  it("bundles only its own part's routes where a context's routes are split by part", () => {
    for (const [handler, own] of Object.entries(PART_OF_CONTEXT))
      expect(routeModulesIn(inputsOf.get(handler) ?? []), handler).toEqual([own]);
  });

  it('bundles rrule only where recurring events are expanded', () => {
    const rruleIn = (handler: string) =>
      (inputsOf.get(handler) ?? []).some((input) => input.includes('node_modules/rrule/'));
    for (const handler of EXPANDS_RECURRENCES) expect(rruleIn(handler), handler).toBe(true);
    for (const handler of NO_RECURRENCES) expect(rruleIn(handler), handler).toBe(false);
  });

  it('bundles no zod locale but English', () => {
    for (const [handler, inputs] of inputsOf) {
      const locales = inputs.filter((input) => input.includes('zod/v4/locales/'));
      expect(
        locales.filter((input) => !/\/en\.js$/.test(input)),
        handler,
      ).toEqual([]);
    }
  });

  it("bundles no other context's schemas where its use case needs none", () => {
    for (const handler of SELF_CONTAINED) {
      const own = `lib/${contextOf(handler)}/schemas.ts`;
      const foreign = (inputsOf.get(handler) ?? []).filter(
        (input) => /^lib\/[\w-]+\/schemas\.ts$/.test(input) && input !== own,
      );
      expect(foreign, handler).toEqual([]);
    }
  });

  it('bundles zod/mini only, never classic zod', () => {
    for (const [handler, inputs] of inputsOf) {
      expect(
        inputs.filter((input) => input.includes('zod/v4/classic/')),
        handler,
      ).toEqual([]);
      expect(
        inputs.some((input) => input.includes('zod/v4/mini/')),
        handler,
      ).toBe(true);
    }
  });

  it('keeps zod-openapi (the local OpenAPI document) out', () => {
    for (const [handler, inputs] of inputsOf) {
      expect(
        inputs.filter((input) => input.includes('node_modules/zod-openapi/')),
        handler,
      ).toEqual([]);
    }
  });
});
