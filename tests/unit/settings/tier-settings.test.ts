import { describe, expect, it } from 'vitest';
import { defaultTierSettings, patchTiers, withTierDefaults } from '#lib/settings/rules.ts';

describe('tier settings', () => {
  it('start from seed 003: 2 deals repeat, 10 loyal, 180 days dormant, a Chinese playbook per tier', () => {
    const tiers = defaultTierSettings();
    expect(tiers).toMatchObject({ repeatDeals: 2, loyalDeals: 10, dormantDays: 180 });
    expect(tiers.playbook.loyal.label).toBe('忠诚客户');
    expect(tiers.playbook.dormant.actions.length).toBeGreaterThan(0);
  });

  it('read as the defaults on settings stored before tiers existed', () => {
    expect(withTierDefaults({}).tiers).toEqual(defaultTierSettings());
  });

  it('replace the named thresholds and playbooks and keep the rest', () => {
    const current = defaultTierSettings();
    const play = { label: '新朋友', traits: '第一单', problems: [], actions: ['回访'] };
    const out = patchTiers(current, { dormantDays: 90, playbook: { new: play } });
    expect(out).toEqual({
      tiers: { ...current, dormantDays: 90, playbook: { ...current.playbook, new: play } },
    });
  });

  it('refuse a loyal threshold not above the repeat one', () => {
    expect(patchTiers(defaultTierSettings(), { repeatDeals: 10 })).toHaveProperty('problem');
    expect(patchTiers(defaultTierSettings(), { repeatDeals: 9 })).toHaveProperty('tiers');
  });
});
