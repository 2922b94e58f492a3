import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { ulid } from 'ulid';
import { config } from '../config.ts';
import { traced } from '../tracing.ts';
import { withCeiling } from './ceiling.ts';
import { recordOutboxMessage } from './outbox.ts';
import { toE164 } from './phone.ts';
import type { SmsSender } from './port.ts';

export type { SendResult, SmsMessage, SmsSender } from './port.ts';

export interface SnsSenderOptions {
  /** AWS.SNS.SMS.SenderID; omitted when absent. */
  senderId?: string | undefined;
}

/** The PublishCommand input for one SMS: straight to the number, transactional route. */
export function publishInput(phone: string, text: string, opts: SnsSenderOptions = {}) {
  return {
    PhoneNumber: phone,
    Message: text,
    MessageAttributes: {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      ...(opts.senderId
        ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: opts.senderId } }
        : {}),
    },
  };
}

/** AWS: SNS Publish to a phone number. Errors SNS answers with become `failed` with their name. */
export function snsSender(client: SNSClient, opts: SnsSenderOptions = {}): SmsSender {
  return {
    async send({ phone, text }) {
      const e164 = toE164(phone);
      if (!e164) return { status: 'invalid_number' };
      try {
        const out = await client.send(new PublishCommand(publishInput(e164, text, opts)));
        if (!out.MessageId) return { status: 'failed', error: 'NoMessageId' };
        return { status: 'sent', messageId: out.MessageId };
      } catch (error) {
        if (error instanceof SNSServiceException) return { status: 'failed', error: error.name };
        throw error;
      }
    },
  };
}

/** RUNTIME=local: the message goes to the outbox (`GET /local/sms-outbox?phone=`) instead of SNS. */
export function outboxSender(): SmsSender {
  return {
    async send({ tenantId, phone, text }) {
      const e164 = toE164(phone);
      if (!e164) return { status: 'invalid_number' };
      // A fresh id per send, as SNS gives: a message sent twice shows up twice.
      const messageId = `local-${ulid()}`;
      await recordOutboxMessage({ tenantId, phone: e164, text, messageId });
      return { status: 'sent', messageId };
    },
  };
}

let provider: SmsSender | undefined;
let capped: SmsSender | undefined;

/** The provider of this runtime (SNS, or the local outbox), created once per process (Lambda container). */
export function providerSender(): SmsSender {
  if (!provider) {
    const { RUNTIME, AWS_REGION, SMS_SENDER_ID } = config();
    provider =
      RUNTIME === 'local'
        ? outboxSender()
        : snsSender(traced(new SNSClient({ region: AWS_REGION })), { senderId: SMS_SENDER_ID });
  }
  return provider;
}

/** How long a direct send (a reminder) waits for a free second before it is refused for the rate. */
const DIRECT_RATE_WAIT_MS = 10_000;

/**
 * THE way to send one SMS outside a broadcast (reminders): the provider behind the tenant's daily
 * cap and the deployment's sends per second. A busy second makes it wait for a later one, up to
 * 10 s; what it still refuses comes back as `refused` with the reason, for the caller to report.
 */
export function smsSender(): SmsSender {
  capped ??= withCeiling(providerSender(), { maxRateWaitMs: DIRECT_RATE_WAIT_MS });
  return capped;
}
