// Sales pipeline (lib/pipeline).

import { belowSk, SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * Products: one partition per tenant (`T#t#PRODUCT`, sk = id), codes unique through guard items.
 * Leads: one item each (`T#t#LEAD#<id>`). Opportunities, contracts, payment plans and payments are
 * children of their customer's item collection (OPP#, CONTRACT#, PAYPLAN#<contract>#, PAYMENT#<contract>#),
 * so the 360 view and "the deals of a customer" are one Query; a small reference item per
 * opportunity and contract (`T#t#PREF#<id>`) resolves an id from a path to its customer.
 *
 * Lists (sparse; a lead moves from the LEAD to the LEADDONE buckets when converted):
 *   pipelineByOwner      T#t#<bucket>#OWNER#<owner>   <updatedAt>#<id>
 *                        T#t#PAYMENT#OF#<contract>    <paymentId>               (a contract's payments)
 *                        T#t#PAYPLAN#OF#<contract>    <planId>                  (a contract's payment plans)
 *   pipelineBelow        T#t#<bucket>#BELOW           <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *   pipelineByList       T#t#<bucket>#ALL             <updatedAt>#<id>
 *                        T#t#PAYPLAN#DUE              <dueOn>#<planId>          (open plans only)
 *   pipelineByStage      T#t#OPP#STAGE#<stage>       <ownerRolePath>|<owner>|<inverted updatedAt>|<id>
 *                        T#t#CONTRACT#END             <endsOn>#<id>             (signed contracts only)
 */

export type PipelineBucket = 'LEAD' | 'LEADDONE' | 'OPP' | 'CONTRACT';

export const productKey = (tenantId: string, productId: string): Key => ({
  pk: `${t(tenantId)}${SEP}PRODUCT`,
  sk: productId,
});
export const productsPrefix = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}PRODUCT` });
/** Guard item holding a normalised product code: a conditional put makes codes unique per tenant. */
export const productCodeKey = (tenantId: string, codeKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}PRODCODE`,
  sk: codeKey,
});

/** The tenant's opportunity stages (销售阶段); absent until first saved (the defaults apply). */
export const opportunityStagesKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'OPPSTAGES' });

export const leadKey = (tenantId: string, leadId: string): Key => ({
  pk: `${t(tenantId)}${SEP}LEAD${SEP}${leadId}`,
  sk: 'LEAD',
});

/** Which customer an opportunity or contract id belongs to (ids in paths carry no customer). */
export const pipelineRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}PREF${SEP}${id}`,
  sk: 'REF',
});

export interface PipelineListing {
  id: string;
  ownerId: string;
  ownerRolePath: string;
  updatedAt: string;
}

/** The mine / subordinates / company index attributes of a lead, opportunity or contract. */
export function pipelineIndexKeys(tenantId: string, bucket: PipelineBucket, r: PipelineListing) {
  const b = `${t(tenantId)}${SEP}${bucket}${SEP}`;
  return {
    pipelineByOwnerPk: `${b}OWNER${SEP}${r.ownerId}`,
    pipelineByOwnerSk: `${r.updatedAt}${SEP}${r.id}`,
    pipelineBelowPk: `${b}BELOW`,
    pipelineBelowSk: belowSk(r.ownerRolePath, r.ownerId, r.updatedAt, r.id),
    pipelineByListPk: `${b}ALL`,
    pipelineByListSk: `${r.updatedAt}${SEP}${r.id}`,
  };
}

export const opportunityStageKeys = (tenantId: string, stage: string, r: PipelineListing) => ({
  pipelineByStagePk: `${t(tenantId)}${SEP}OPP${SEP}STAGE${SEP}${stage}`,
  pipelineByStageSk: belowSk(r.ownerRolePath, r.ownerId, r.updatedAt, r.id),
});

export const contractEndKeys = (tenantId: string, endsOn: string, contractId: string) => ({
  pipelineByStagePk: `${t(tenantId)}${SEP}CONTRACT${SEP}END`,
  pipelineByStageSk: `${endsOn}${SEP}${contractId}`,
});

export const planDueKeys = (tenantId: string, dueOn: string, planId: string) => ({
  pipelineByListPk: `${t(tenantId)}${SEP}PAYPLAN${SEP}DUE`,
  pipelineByListSk: `${dueOn}${SEP}${planId}`,
});

/** The Query of each pipeline list (index, partition, optional sort-key prefix or range, direction). */
export const pipelineLists = {
  mine: (tenantId: string, bucket: PipelineBucket, userId: string) => ({
    index: 'pipelineByOwner' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}OWNER${SEP}${userId}`,
    ascending: false,
  }),
  /** Strictly below `rolePath` (role ids are fixed-length, so `<path>/` matches no peer). */
  below: (tenantId: string, bucket: PipelineBucket, rolePath: string) => ({
    index: 'pipelineBelow' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}BELOW`,
    skPrefix: `${rolePath}/`,
    ascending: true,
  }),
  company: (tenantId: string, bucket: PipelineBucket) => ({
    index: 'pipelineByList' as const,
    pk: `${t(tenantId)}${SEP}${bucket}${SEP}ALL`,
    ascending: false,
  }),
  /** One stage: the whole company, one owner (`<path>|<owner>|`) or everyone below (`<path>/`). */
  stage: (tenantId: string, stage: string, skPrefix?: string) => ({
    index: 'pipelineByStage' as const,
    pk: `${t(tenantId)}${SEP}OPP${SEP}STAGE${SEP}${stage}`,
    ...(skPrefix ? { skPrefix } : {}),
    ascending: true,
  }),
  /** Signed contracts ending between two dates (inclusive). */
  contractsEnding: (tenantId: string, from: string, to: string) => ({
    index: 'pipelineByStage' as const,
    pk: `${t(tenantId)}${SEP}CONTRACT${SEP}END`,
    between: [`${from}${SEP}`, `${to}${SEP}~`] as [string, string],
    ascending: true,
  }),
  /** Open payment plans due between two dates (inclusive). */
  plansDue: (tenantId: string, from: string, to: string) => ({
    index: 'pipelineByList' as const,
    pk: `${t(tenantId)}${SEP}PAYPLAN${SEP}DUE`,
    between: [`${from}${SEP}`, `${to}${SEP}~`] as [string, string],
    ascending: true,
  }),
};

/**
 * A contract's payments (`PAYMENT`) or payment plans (`PAYPLAN`) on pipelineByOwner, under a
 * partition of the contract's own, sorted by the child's id (a ULID: creation order). GET
 * /v1/contracts/{id}/payments names the contract only; the customer's item collection would need
 * a read of the contract's reference first.
 */
export const contractChildKeys = (
  tenantId: string,
  kind: 'PAYMENT' | 'PAYPLAN',
  contractId: string,
  childId: string,
) => ({
  pipelineByOwnerPk: `${t(tenantId)}${SEP}${kind}${SEP}OF${SEP}${contractId}`,
  pipelineByOwnerSk: childId,
});

/** The payments (newest first) or payment plans (oldest first) of one contract. */
export const contractChildList = (tenantId: string, kind: 'PAYMENT' | 'PAYPLAN', contractId: string) => ({
  index: 'pipelineByOwner' as const,
  pk: `${t(tenantId)}${SEP}${kind}${SEP}OF${SEP}${contractId}`,
  ascending: kind === 'PAYPLAN',
});
