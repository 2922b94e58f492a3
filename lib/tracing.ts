import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { flushMetrics } from './metrics.ts';

/**
 * X-Ray through Powertools Tracer. In Lambda (active tracing) every call of a client passed through
 * `traced` is a subsegment (DynamoDB, SNS, S3, EventBridge, Cognito) and outgoing HTTPS calls
 * (webhooks) are too; elsewhere the Tracer disables itself and costs nothing per call. The Tracer
 * is not bundled: it comes from the Powertools layer (infra/aws/build-options.ts FROM_LAYER).
 */
export const tracer = new Tracer({ serviceName: 'crm' });

/** An AWS SDK v3 client whose calls show as subsegments (the same client, instrumented). */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/**
 * The wrapper of every scheduled job, stream and event consumer, as lib/http is for routes: a
 * `## <name>` subsegment with the cold start annotated and any error recorded, and the business
 * metrics counted during the run written at its end, whatever happened.
 */
export function background<A extends [unknown, Context?, ...unknown[]], R>(
  name: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const parent = tracer.getSegment();
    const segment = parent?.addNewSubsegment(`## ${name}`);
    if (segment) tracer.setSegment(segment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(...args);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      segment?.close();
      if (parent) tracer.setSegment(parent);
      flushMetrics();
    }
  };
}
