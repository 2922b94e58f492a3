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
const SELF_CONTAINED = [
  'functions/settings/get-settings.ts',
  'functions/notifications/list-notifications.ts',
  'functions/contacts/list-contacts.ts',
];

const contextOf = (handler: string) => {
  const folder = handler.split('/')[1] as string;
  return CONTEXT_OF_FOLDER[folder] ?? folder;
};

/** The modules esbuild put into each handler's bundle, with the deployment's options. */
let inputsOf: Map<string, string[]>;

beforeAll(async () => {
  const { metafile } = await build({
    ...BUILD_OPTIONS,
    entryPoints: [...REPRESENTATIVE, ...SELF_CONTAINED],
    outdir: 'bundle-contents',
    write: false,
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  inputsOf = new Map(
    Object.values((metafile as Metafile).outputs)
      .filter((output) => output.entryPoint)
      .map((output) => [output.entryPoint as string, Object.keys(output.inputs)]),
  );
}, 60_000);

describe('what a handler bundles', () => {
  it('bundles every representative handler', () => {
    expect([...inputsOf.keys()].sort()).toEqual([...REPRESENTATIVE, ...SELF_CONTAINED].sort());
  });

  it("never bundles the assembled route table or another context's routes", () => {
    for (const [handler, inputs] of inputsOf) {
      const own = `lib/${contextOf(handler)}/routes.ts`;
      expect(inputs, handler).toContain(own);
      expect(inputs, handler).not.toContain('lib/routes.ts');
      expect(
        inputs.filter((input) => /^lib\/[\w-]+\/routes\.ts$/.test(input) && input !== own),
        handler,
      ).toEqual([]);
    }
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
