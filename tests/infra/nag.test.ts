import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildCrmApp } from '#tests/infra/crm-app.ts';

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing that is not fixed or acknowledged with a reason in code', () => {
    const { app } = buildCrmApp();

    const report = new AwsSolutionsChecks().validateScope(app);

    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('is part of synthesis, which passes', () => {
    const { app } = buildCrmApp();

    // defineCrm registers the checks as a validation plugin: synth throws on any finding.
    expect(() => app.synth()).not.toThrow();
  });
});
