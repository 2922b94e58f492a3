import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { ulid } from 'ulid';
import { config } from '../config.ts';
import { traced } from '../tracing.ts';
import { recordOutboxMessage } from './outbox.ts';
import { toE164 } from './phone.ts';

/** One text to one number, on behalf of one tenant. */
export interface SmsMessage {
  tenantId: string;
  /** Any form libphonenumber-js reads; sent as E.164 or not at all. */
  phone: string;
  text: string;
}

/** What became of one message. A sender resolves with this for every per-message outcome. */
export type SendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'invalid_number' }
  | { status: 'failed'; error: string };

/**
 * The SMS port. `send` resolves for each outcome of the message itself (sent, invalid number,
 * refused by the provider); it rejects only when the caller cannot go on (a bug, the process being
 * torn down), so a broadcast worker never mistakes a crash for a failed message or the reverse.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<SendResult>;
}

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

let cached: SmsSender | undefined;

/** The sender of this runtime, created once per process (Lambda container). */
export function smsSender(): SmsSender {
  if (!cached) {
    const { RUNTIME, AWS_REGION, SMS_SENDER_ID } = config();
    cached =
      RUNTIME === 'local'
        ? outboxSender()
        : snsSender(traced(new SNSClient({ region: AWS_REGION })), { senderId: SMS_SENDER_ID });
  }
  return cached;
}
