import { describe, expect, it } from 'vitest';
import { dueAtOf, periodOf, periodRange, ruleFor } from '#lib/office/worklogs/rules.ts';

describe('work-log periods', () => {
  it('spans days, ISO weeks and months', () => {
    expect(periodRange('daily', '2030-03-04')).toEqual({ from: '2030-03-04', to: '2030-03-04' });
    expect(periodRange('weekly', '2030-W10')).toEqual({ from: '2030-03-04', to: '2030-03-10' });
    expect(periodRange('weekly', '2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(periodRange('monthly', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf('weekly', '2027-01-03')).toBe('2026-W53');
    expect(periodOf('weekly', '2030-03-04')).toBe('2030-W10');
    expect(periodOf('monthly', '2030-03-04')).toBe('2030-03');
  });

  it('is due on the period’s last day at the rule’s local time', () => {
    expect(dueAtOf('daily', '2030-04-01', '18:00', 'Asia/Shanghai')).toBe('2030-04-01T10:00:00.000Z');
    expect(dueAtOf('weekly', '2030-W10', '20:30', 'Asia/Shanghai')).toBe('2030-03-10T12:30:00.000Z');
  });

  it('takes the rule of the nearest role on the path', () => {
    const rules = [
      { kind: 'daily' as const, roleIds: ['R'], dueTime: '18:00' },
      { kind: 'daily' as const, roleIds: ['M'], dueTime: '20:00' },
    ];
    expect(ruleFor(rules, 'daily', '/R/M/S')?.dueTime).toBe('20:00');
    expect(ruleFor(rules, 'daily', '/R/X')?.dueTime).toBe('18:00');
    expect(ruleFor(rules, 'weekly', '/R/M')).toBeUndefined();
  });
});
