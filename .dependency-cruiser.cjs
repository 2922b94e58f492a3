/**
 * The dependency rules `npm test` checks (npm run deps). CONTEXTS is the declared graph: the
 * contexts under lib/ and, for each, the contexts it may import. Every context may also import the
 * shared plumbing (lib/db, lib/http and the kernel files lib/*.ts). An arrow that is not here fails
 * the build; add it here on purpose, never in a cycle. Type-only imports do not count: they vanish
 * at compile time and bind nothing at run time.
 */
const CONTEXTS = {
  settings: [],
  notifications: [],
  org: ['settings'],
  ownership: ['org', 'settings'],
  customers: ['org', 'settings', 'ownership'],
  contacts: ['customers', 'org', 'settings'],
  pool: ['customers', 'ownership', 'org', 'settings', 'notifications'],
  pipeline: ['customers', 'ownership', 'org', 'settings', 'notifications'],
  sms: ['contacts', 'customers', 'org', 'settings'],
  followups: ['customers', 'ownership', 'org', 'settings', 'notifications', 'pipeline', 'sms'],
  analytics: ['customers', 'ownership', 'org', 'settings', 'pipeline', 'pool'],
  tenants: ['org', 'settings', 'ownership'],
  approvals: ['org', 'notifications', 'pipeline'],
  events: ['customers', 'followups', 'pipeline', 'sms', 'approvals', 'field', 'files'],
  webhooks: ['events', 'notifications', 'org'],
  clients: ['org'],
  // A port lib/field attaches uploads through: lib/files resolves targets through lib/field.
  'attachment-links': [],
  field: ['followups', 'customers', 'ownership', 'org', 'settings', 'attachment-links'],
  files: ['customers', 'contacts', 'followups', 'pipeline', 'field', 'approvals', 'office'],
  office: [
    'customers',
    'org',
    'settings',
    'notifications',
    'followups',
    'analytics',
    'approvals',
    'field',
    'sms',
  ],
  lifecycle: ['customers', 'settings'],
  background: ['customers', 'files'],
};

/** lib/ modules that assemble every context for CDK, the local server and OpenAPI: not a context. */
const ASSEMBLIES = '^lib/(routes|openapi|jobs)\\.ts$';
/** Shared plumbing every context may import: the table, the HTTP stack, the phone numbering plans. */
const PLUMBING = ['db', 'http', 'phone-metadata'];
const names = Object.keys(CONTEXTS);

const contextRules = names.map((context) => {
  const allowed = [context, ...PLUMBING, ...CONTEXTS[context]];
  return {
    name: `context-${context}`,
    comment: `lib/${context} may import only ${allowed.slice(1).join(', ')} (the declared graph in .dependency-cruiser.cjs)`,
    severity: 'error',
    from: { path: `^lib/${context}/` },
    to: {
      path: `^lib/[^/]+/`,
      pathNot: `^lib/(${allowed.join('|')})/`,
      dependencyTypesNot: ['type-only'],
    },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles between modules (and so none between contexts).',
      severity: 'error',
      from: { path: '^(lib|functions)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'undeclared-context',
      comment: 'Every folder under lib/ is plumbing or a context of the declared graph.',
      severity: 'error',
      from: { path: '^(lib|functions)/' },
      to: { path: '^lib/[^/]+/', pathNot: `^lib/(${[...PLUMBING, ...names].join('|')})/` },
    },
    ...contextRules,
    {
      name: 'plumbing-stays-below-contexts',
      comment:
        'db and the kernel files import no context; http imports only org, to know the caller (authentication).',
      severity: 'error',
      from: { path: '^lib/(db/|http/|phone-metadata/|[^/]+\\.ts$)', pathNot: ASSEMBLIES },
      to: {
        path: `^lib/(${names.join('|')})/`,
        pathNot: '^lib/org/(repository|permissions|schemas)\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'handler-imports-its-own-route',
      comment: 'A function bundles only what its route needs: never the assembled route table.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: `^lib/(routes|openapi)\\.ts$` },
    },
    {
      name: 'handler-has-no-sdk',
      comment: 'Handlers are thin: the AWS SDK stays in the repositories and adapters under lib/.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: 'node_modules/@aws-sdk/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(lib|functions)/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(cdk\\.out|node_modules)/' },
  },
};
