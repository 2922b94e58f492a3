import type { Settings } from './schemas.ts';

/** What a new tenant starts with (seed 000 §五: a rep's customer limit, duplicate names refused). */
export const defaultSettings = (timezone: string, at: string): Settings => ({
  maxCustomersPerRep: 500,
  lockedCustomersPerRep: 20,
  allowDuplicateNames: false,
  privateCustomersEnabled: true,
  timezone,
  reminders: { contractExpiryDays: 30, paymentDueDays: 3, birthdayDays: 3, smsEnabled: false },
  version: 1,
  updatedAt: at,
});
