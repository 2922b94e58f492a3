import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { handlerPath } from '#infra/aws/build-options.ts';

/**
 * The Powertools version the code is built and tested with: the layer must hold the same one, since
 * the Tracer (left out of every bundle: infra/aws/build-options.ts) is loaded from it.
 */
export const POWERTOOLS_VERSION = (
  JSON.parse(
    readFileSync(handlerPath('node_modules/@aws-lambda-powertools/tracer/package.json'), 'utf8'),
  ) as {
    version: string;
  }
).version;

/** The public parameter AWS keeps per release with the layer's ARN in the deploying region. */
export const POWERTOOLS_LAYER_PARAMETER = `/aws/service/powertools/typescript/generic/all/${POWERTOOLS_VERSION}`;

/**
 * A dynamic reference: CloudFormation reads the parameter when it deploys, in whichever stack holds
 * the function (nested stacks included), so synth stays offline and needs no template parameter.
 */
export const POWERTOOLS_LAYER_ARN = `{{resolve:ssm:${POWERTOOLS_LAYER_PARAMETER}}}`;

const LAYER_ID = 'PowertoolsLayer';

/**
 * The Powertools for AWS Lambda (TypeScript) layer, once per stack: the ARN given
 * (`crm:powertoolsLayerArn`, where AWS publishes no parameter), or the public layer of the pinned
 * version.
 */
export function powertoolsLayer(scope: IConstruct, arn: string | undefined): ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LAYER_ID) as ILayerVersion | undefined;
  if (existing) return existing;
  return LayerVersion.fromLayerVersionArn(stack, LAYER_ID, arn ?? POWERTOOLS_LAYER_ARN);
}
