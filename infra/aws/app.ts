import { App } from 'aws-cdk-lib';
import { defineCrm } from '#infra/aws/crm.ts';

defineCrm(new App());
