import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsSender } from '#lib/sms/sender.ts';

const sns = mockClient(SNSClient);

afterEach(() => {
  sns.reset();
});

const message = (phone: string) => ({ tenantId: 'T1', phone, text: '您好,这是一条测试短信' });

describe('the SNS SMS adapter', () => {
  it('publishes to the E.164 number as a transactional SMS and returns the message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });

    const result = await snsSender(new SNSClient({ region: 'cn-north-1' })).send(message('138 0013 8000'));

    expect(result).toEqual({ status: 'sent', messageId: 'mid-1' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613800138000',
      Message: '您好,这是一条测试短信',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      },
    });
  });

  it('adds the sender id when one is configured', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'mid-2' });

    await snsSender(new SNSClient({ region: 'cn-north-1' }), { senderId: 'AcmeCRM' }).send(
      message('+86 139 0000 0000'),
    );

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+8613900000000',
      Message: '您好,这是一条测试短信',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'AcmeCRM' },
      },
    });
  });

  it('never publishes to an invalid number', async () => {
    const result = await snsSender(new SNSClient({ region: 'cn-north-1' })).send(message('12345'));

    expect(result).toEqual({ status: 'invalid_number' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('reports an error SNS answers with as a failed message, named', async () => {
    sns
      .on(PublishCommand)
      .rejects(
        new SNSServiceException({ name: 'InvalidParameterException', $fault: 'client', $metadata: {} }),
      );

    const result = await snsSender(new SNSClient({ region: 'cn-north-1' })).send(message('13800138000'));

    expect(result).toEqual({ status: 'failed', error: 'InvalidParameterException' });
  });

  it('lets anything that is not an SNS answer through, so a crash is never taken for a failed send', async () => {
    sns.on(PublishCommand).rejects(new TypeError('boom'));

    await expect(
      snsSender(new SNSClient({ region: 'cn-north-1' })).send(message('13800138000')),
    ).rejects.toThrow('boom');
  });
});
