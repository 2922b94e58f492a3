/** The SMS port: what every sender (SNS, the local outbox, the ceiling in front of them) offers. */

/** One text to one number, on behalf of one tenant. */
export interface SmsMessage {
  tenantId: string;
  /** Any form libphonenumber-js reads; sent as E.164 or not at all. */
  phone: string;
  text: string;
}

/**
 * What became of one message. A sender resolves with this for every per-message outcome. The SMS
 * ceiling (lib/sms/ceiling.ts) refuses some: one refused for the `rate` may go once the next second
 * starts (`retryAfterMs`); one refused by the `daily_cap` not before the tenant's next day.
 */
export type SendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'invalid_number' }
  | { status: 'failed'; error: string }
  | { status: 'refused'; reason: 'daily_cap' }
  | { status: 'refused'; reason: 'rate'; retryAfterMs: number };

/**
 * The SMS port. `send` resolves for each outcome of the message itself (sent, invalid number,
 * refused by the provider); it rejects only when the caller cannot go on (a bug, the process being
 * torn down), so a broadcast worker never mistakes a crash for a failed message or the reverse.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<SendResult>;
}
