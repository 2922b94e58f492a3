import { describe, expect, it } from 'vitest';
import { consumerOfFunction } from '#infra/stream-replay.ts';
import { streamConsumers } from '#lib/jobs.ts';

const names = Object.keys(streamConsumers);
const arn = (fn: string) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;

describe('the consumer a stream failure belongs to', () => {
  it('is the function itself for the local runtime', () => {
    expect(consumerOfFunction(arn('deal-owner-sync'), names)).toBe('deal-owner-sync');
  });

  it('is read from the construct id in a function name CloudFormation generated', () => {
    expect(consumerOfFunction(arn('crm-dev-stateless-Sms-SmsBroadcasts8A1B2C3D-AbCdEf123456'), names)).toBe(
      'sms-broadcasts',
    );
    expect(consumerOfFunction(arn('crm-prod-stateless-Cu-CustomerOwnerSyncFn-Q1W2E3R4'), names)).toBe(
      'customer-owner-sync',
    );
  });

  it('is none when the name holds no consumer', () => {
    expect(consumerOfFunction(arn('some-other-function'), names)).toBeUndefined();
  });
});
