import { describe, expect, it } from 'vitest';
import * as keys from '#lib/db/keys.ts';
import {
  AGENDA_ATTRIBUTES,
  agendaKeys,
  agendaQuery,
  aggregateKey,
  aggregateSeenKey,
  aggregateSeries,
  aggregateStates,
  backgroundJobChunkKey,
  backgroundJobChunksPrefix,
  backgroundJobKey,
  backgroundJobPartKey,
  backgroundJobPartsPrefix,
  backgroundJobReportKey,
  birthdayKeys,
  birthdaysQuery,
  CUSTOMER_CHILD,
  CUSTOMER_SK,
  contactLists,
  contactRefKey,
  contactScopeKeys,
  contactSearchKey,
  contactSearchQuery,
  contactsMetaKey,
  contractChildKeys,
  contractChildList,
  contractEndKeys,
  customerChildKey,
  customerChildKind,
  customerChildPrefix,
  customerCollection,
  customerFollowUpKeys,
  customerIndexKeys,
  customerKey,
  customerLists,
  customerNameKey,
  customerSearchKey,
  customerSearchQuery,
  customerTagKey,
  customerTagKeys,
  customFieldKey,
  customFieldKeyGuard,
  customFieldsPrefix,
  dailyClaimsKey,
  dictionaryItemKey,
  dictionaryPrefix,
  dictionaryRootKey,
  followUpRefKey,
  idempotencyKey,
  importLeaseKey,
  importLeasePart,
  importLeasesOf,
  importShardKey,
  indexes,
  indexKeys,
  invertedTime,
  jobCheckpointKey,
  leadKey,
  mergeSweepKey,
  mergeSweepSchedule,
  mergeSweepsQuery,
  notificationDedupeKey,
  notificationKey,
  notificationsOf,
  opportunityStageKeys,
  opportunityStagesKey,
  ownerScopePrefix,
  PLAN_INDEX_ATTRIBUTES,
  pipelineIndexKeys,
  pipelineLists,
  pipelineRefKey,
  planDueKeys,
  planIndexKeys,
  plansDueQuery,
  poolKey,
  poolNameKey,
  poolRecomputeKey,
  poolsPrefix,
  productCodeKey,
  productKey,
  productsPrefix,
  RECLAIM_INDEX_ATTRIBUTES,
  reclaimIndexKeys,
  reclaimLists,
  reclaimPoolPointer,
  recomputeTaskPointer,
  roleKey,
  rolesPrefix,
  SEARCH_STATES,
  savedViewKey,
  savedViewsPrefix,
  settingsKey,
  sharedViewKeys,
  sharedViewsQuery,
  sharedWithKeys,
  smsBroadcastKey,
  smsDailyCountKey,
  smsOptOutKey,
  smsOptOutsPrefix,
  smsOutboxKey,
  smsOutboxPrefix,
  smsRateBucketKey,
  smsRecipientKey,
  smsRecipientsPrefix,
  smsUnreachableKey,
  streamFailureKey,
  streamFailuresPrefix,
  TENANT_REGISTRY_PK,
  TTL_ATTRIBUTE,
  tableSchema,
  taggedList,
  targetKey,
  targetsOf,
  tenantKey,
  tenantOfKey,
  tenantRegistryKey,
  timeRange,
  userCountersKey,
  userKey,
  usersBelowKeys,
  usersBelowQuery,
  usersPrefix,
} from '#lib/db/keys.ts';

/**
 * Pins a sample of built keys of every context to their exact strings: keys are stored data, so a
 * change here is a data migration, not a refactoring. (Written before lib/db/keys.ts was split into
 * lib/db/keys/*, to prove the move changed no key.)
 */
const AT = '2024-03-05T08:09:10.123Z';
const AT2 = '2024-03-06T00:00:00.000Z';

describe('key strings', () => {
  it('tenant and organisation', () => {
    expect(tenantKey('t')).toStrictEqual({ pk: 'T#t', sk: 'TENANT' });
    expect(roleKey('t', 'r')).toStrictEqual({ pk: 'T#t', sk: 'ROLE#r' });
    expect(rolesPrefix('t')).toStrictEqual({ pk: 'T#t', skPrefix: 'ROLE#' });
    expect(userKey('t', 'u')).toStrictEqual({ pk: 'T#t', sk: 'USER#u' });
    expect(usersPrefix('t')).toStrictEqual({ pk: 'T#t', skPrefix: 'USER#' });
    expect(usersBelowKeys('t', '/a/b', 'u')).toStrictEqual({
      usersBelowPk: 'T#t#USERS',
      usersBelowSk: '/a/b|u',
    });
    expect(usersBelowQuery('t', '/a/b')).toStrictEqual({ pk: 'T#t#USERS', skPrefix: '/a/b/' });
  });

  it('settings and dictionaries', () => {
    expect(settingsKey('t')).toStrictEqual({ pk: 'T#t', sk: 'SETTINGS' });
    expect(dictionaryItemKey('t', 'source', 'i')).toStrictEqual({ pk: 'T#t#DICT#source', sk: 'i' });
    expect(dictionaryPrefix('t', 'source')).toStrictEqual({ pk: 'T#t#DICT#source' });
    expect(dictionaryRootKey('t', 'source')).toStrictEqual({ pk: 'T#t#DICTROOT', sk: 'source' });
    expect(customFieldKey('t', 'customer', 'f')).toStrictEqual({ pk: 'T#t#CFIELD#customer', sk: 'f' });
    expect(customFieldsPrefix('t', 'customer')).toStrictEqual({ pk: 'T#t#CFIELD#customer' });
    expect(customFieldKeyGuard('t', 'customer', 'k')).toStrictEqual({ pk: 'T#t#CFKEY#customer', sk: 'k' });
    expect(savedViewKey('t', 'u', 'customer', 'v')).toStrictEqual({ pk: 'T#t#VIEW#u', sk: 'customer#v' });
    expect(savedViewsPrefix('t', 'u', 'customer')).toStrictEqual({ pk: 'T#t#VIEW#u', skPrefix: 'customer#' });
    expect(sharedViewKeys('t', 'customer', 'v')).toStrictEqual({
      sharedViewsPk: 'T#t#SVIEW#customer',
      sharedViewsSk: 'v',
    });
    expect(sharedViewsQuery('t', 'customer')).toStrictEqual({ pk: 'T#t#SVIEW#customer' });
  });

  it('customers', () => {
    expect(CUSTOMER_SK).toStrictEqual('CUSTOMER');
    expect(CUSTOMER_CHILD).toStrictEqual({
      contact: 'CONTACT#',
      followup: 'FOLLOWUP#',
      plan: 'PLAN#',
      news: 'NEWS#',
      relation: 'REL#',
      share: 'SHARE#',
      tag: 'TAG#',
      history: 'HIST#',
      contract: 'CONTRACT#',
      payment: 'PAYMENT#',
      opportunity: 'OPP#',
      paymentPlan: 'PAYPLAN#',
    });
    expect(mergeSweepKey('t', 'm')).toStrictEqual({ pk: 'T#t#MERGESWEEP', sk: 'm' });
    expect(mergeSweepSchedule('t', 'm', AT)).toStrictEqual({
      scheduledPk: 'SCHED#MERGE',
      scheduledSk: '2024-03-05T08:09:10.123Z#t#m',
    });
    expect(mergeSweepsQuery(AT)).toStrictEqual({
      index: 'scheduled',
      pk: 'SCHED#MERGE',
      upTo: '2024-03-05T08:09:10.123Z#~',
    });
    expect(customerKey('t', 'c')).toStrictEqual({ pk: 'T#t#C#c', sk: 'CUSTOMER' });
    expect(customerChildKey('t', 'c', 'contact', 'k')).toStrictEqual({ pk: 'T#t#C#c', sk: 'CONTACT#k' });
    expect(customerCollection('t', 'c')).toStrictEqual({ pk: 'T#t#C#c' });
    expect(customerChildPrefix('t', 'c', 'plan')).toStrictEqual({ pk: 'T#t#C#c', skPrefix: 'PLAN#' });
    expect(customerChildKind('PAYPLAN#x#y')).toStrictEqual('paymentPlan');
    expect(customerChildKind('CUSTOMER')).toStrictEqual('customer');
    expect(invertedTime(AT)).toStrictEqual('998290373849877');
    expect(
      customerIndexKeys('t', 'c', {
        state: 'active',
        ownerId: 'u',
        ownerRolePath: '/a/b',
        updatedAt: AT,
        hot: true,
      }),
    ).toStrictEqual({
      customersBelowPk: 'T#t#CUST#BELOW',
      customersBelowSk: '/a/b|u|998290373849877|c',
      customersByListPk: 'T#t#CUST#ALL',
      customersByListSk: '2024-03-05T08:09:10.123Z#c',
      hotByOwnerPk: 'T#t#CUST#HOT#u',
      hotByOwnerSk: '2024-03-05T08:09:10.123Z#c',
    });
    expect(
      customerIndexKeys('t', 'c', { state: 'recycled', ownerId: 'u', ownerRolePath: '/a/b', deletedAt: AT }),
    ).toStrictEqual({
      customersByOwnerPk: 'T#t#CUST#BIN#u',
      customersByOwnerSk: '2024-03-05T08:09:10.123Z#c',
      customersBelowPk: 'T#t#CUST#BINBELOW',
      customersBelowSk: '/a/b|u|998290373849877|c',
      customersByListPk: 'T#t#CUST#BINALL',
      customersByListSk: '2024-03-05T08:09:10.123Z#c',
    });
    expect(customerIndexKeys('t', 'c', { state: 'pool', poolId: 'p', updatedAt: AT })).toStrictEqual({
      customersByListPk: 'T#t#POOL#p',
      customersByListSk: '2024-03-05T08:09:10.123Z#c',
    });
    expect(sharedWithKeys('t', 'u', AT, 'c')).toStrictEqual({
      sharedWithPk: 'T#t#CUST#SHARED#u',
      sharedWithSk: '2024-03-05T08:09:10.123Z#c',
    });
    expect(customerLists.mine('t', '/a/b', 'u')).toStrictEqual({
      index: 'customersBelow',
      pk: 'T#t#CUST#BELOW',
      skPrefix: '/a/b|u|',
      ascending: true,
    });
    expect(customerLists.ownBin('t', 'u')).toStrictEqual({
      index: 'customersByOwner',
      pk: 'T#t#CUST#BIN#u',
      ascending: false,
    });
    expect(customerLists.below('t', '/a')).toStrictEqual({
      index: 'customersBelow',
      pk: 'T#t#CUST#BELOW',
      skPrefix: '/a/',
      ascending: true,
    });
    expect(customerLists.binBelow('t', '/a')).toStrictEqual({
      index: 'customersBelow',
      pk: 'T#t#CUST#BINBELOW',
      skPrefix: '/a/',
      ascending: true,
    });
    expect(customerLists.hot('t', 'u')).toStrictEqual({
      index: 'hotByOwner',
      pk: 'T#t#CUST#HOT#u',
      ascending: false,
    });
    expect(customerLists.shared('t', 'u')).toStrictEqual({
      index: 'sharedWith',
      pk: 'T#t#CUST#SHARED#u',
      ascending: false,
    });
    expect(customerLists.company('t')).toStrictEqual({
      index: 'customersByList',
      pk: 'T#t#CUST#ALL',
      ascending: false,
    });
    expect(customerLists.pool('t', 'p')).toStrictEqual({
      index: 'customersByList',
      pk: 'T#t#POOL#p',
      ascending: false,
    });
    expect(customerLists.bin('t')).toStrictEqual({
      index: 'customersByList',
      pk: 'T#t#CUST#BINALL',
      ascending: false,
    });
    expect(customerTagKey('t', 'c', 'a#b%c')).toStrictEqual({ pk: 'T#t#C#c', sk: 'TAG#a%23b%25c' });
    expect(
      customerTagKeys(
        {
          customersByOwnerPk: 'P',
          customersByOwnerSk: 'S',
          sharedWithPk: 'X',
          sharedWithSk: 'Y',
          reclaimSoonPk: 'R',
          reclaimSoonSk: 'Q',
        },
        'vip#1',
      ),
    ).toStrictEqual({
      customersByOwnerPk: 'P#TAG#vip%231',
      customersByOwnerSk: 'S',
      reclaimSoonPk: 'R#TAG#vip%231',
      reclaimSoonSk: 'Q',
    });
    expect(taggedList(customerLists.mine('t', '/a/b', 'u'), 'vip')).toStrictEqual({
      index: 'customersBelow',
      pk: 'T#t#CUST#BELOW#TAG#vip',
      skPrefix: '/a/b|u|',
      ascending: true,
    });
    expect(SEARCH_STATES).toStrictEqual(['active', 'pool', 'recycled']);
    expect(customerSearchKey('t', 'pool', '北京公司', 'c')).toStrictEqual({
      pk: 'T#t#CSEARCH#pool#北',
      sk: '北京公司#c',
    });
    expect(customerSearchQuery('t', 'active', 'bj')).toStrictEqual({
      pk: 'T#t#CSEARCH#active#b',
      skPrefix: 'bj',
    });
    expect(customerSearchQuery('t', 'active', 'bj', true)).toStrictEqual({
      pk: 'T#t#CSEARCH#active#b',
      skPrefix: 'bj#',
    });
    expect(customerNameKey('t', 'acme')).toStrictEqual({ pk: 'T#t#CNAME#acme', sk: 'NAME' });
    expect(userCountersKey('t', 'u')).toStrictEqual({ pk: 'T#t#UCOUNT#u', sk: 'COUNTERS' });
    expect(importLeaseKey('t', 'u', 'i')).toStrictEqual({ pk: 'T#t#UCOUNT#u', sk: 'IMPORT#i' });
    expect(importShardKey('t', 'u', 'i', 3)).toStrictEqual({ pk: 'T#t#UCOUNT#u', sk: 'IMPORT#i#03' });
    expect(importLeasesOf('t', 'u')).toStrictEqual({ pk: 'T#t#UCOUNT#u', skPrefix: 'IMPORT#' });
    expect(importLeasePart('IMPORT#i#03')).toStrictEqual({ importId: 'i', shard: 3 });
    expect(importLeasePart('IMPORT#i')).toStrictEqual({ importId: 'i' });
  });

  it('public pool', () => {
    expect(poolKey('t', 'p')).toStrictEqual({ pk: 'T#t#POOLS', sk: 'POOL#p' });
    expect(poolsPrefix('t')).toStrictEqual({ pk: 'T#t#POOLS', skPrefix: 'POOL#' });
    expect(poolNameKey('t', 'n')).toStrictEqual({ pk: 'T#t#POOLNAME', sk: 'n' });
    expect(poolRecomputeKey('t', 'p')).toStrictEqual({ pk: 'T#t#POOLS', sk: 'RECOMPUTE#p' });
    expect(dailyClaimsKey('t', 'u', '2024-03-05')).toStrictEqual({ pk: 'T#t#UCLAIM#u', sk: '2024-03-05' });
    expect(
      reclaimIndexKeys('t', 'c', { poolId: 'p', ownerId: 'u', reclaimAt: AT, warnAt: AT2 }),
    ).toStrictEqual({
      reclaimDuePk: 'T#t#RECLAIM#p',
      reclaimDueSk: '2024-03-05T08:09:10.123Z#c',
      reclaimSoonPk: 'T#t#RSOON#u',
      reclaimSoonSk: '2024-03-06T00:00:00.000Z#c',
    });
    expect(RECLAIM_INDEX_ATTRIBUTES).toStrictEqual([
      'reclaimDuePk',
      'reclaimDueSk',
      'reclaimSoonPk',
      'reclaimSoonSk',
    ]);
    expect(reclaimPoolPointer('t', 'p')).toStrictEqual({
      reclaimDuePk: 'RECLAIM#POOLS',
      reclaimDueSk: 't#p',
    });
    expect(recomputeTaskPointer('t', 'p')).toStrictEqual({
      reclaimDuePk: 'RECLAIM#TASKS',
      reclaimDueSk: 't#p',
    });
    expect(reclaimLists.due('t', 'p', AT)).toStrictEqual({
      index: 'reclaimDue',
      pk: 'T#t#RECLAIM#p',
      sk: { lte: '2024-03-05T08:09:10.123Z#~' },
      ascending: true,
    });
    expect(reclaimLists.soon('t', 'u', AT)).toStrictEqual({
      index: 'reclaimSoon',
      pk: 'T#t#RSOON#u',
      sk: { lte: '2024-03-05T08:09:10.123Z#~' },
      ascending: true,
    });
    expect(reclaimLists.pools()).toStrictEqual({ index: 'reclaimDue', pk: 'RECLAIM#POOLS' });
    expect(reclaimLists.tasks()).toStrictEqual({ index: 'reclaimDue', pk: 'RECLAIM#TASKS' });
  });

  it('sales pipeline', () => {
    expect(productKey('t', 'p')).toStrictEqual({ pk: 'T#t#PRODUCT', sk: 'p' });
    expect(productsPrefix('t')).toStrictEqual({ pk: 'T#t#PRODUCT' });
    expect(productCodeKey('t', 'code')).toStrictEqual({ pk: 'T#t#PRODCODE', sk: 'code' });
    expect(opportunityStagesKey('t')).toStrictEqual({ pk: 'T#t', sk: 'OPPSTAGES' });
    expect(leadKey('t', 'l')).toStrictEqual({ pk: 'T#t#LEAD#l', sk: 'LEAD' });
    expect(pipelineRefKey('t', 'o')).toStrictEqual({ pk: 'T#t#PREF#o', sk: 'REF' });
    expect(
      pipelineIndexKeys('t', 'OPP', { id: 'o', ownerId: 'u', ownerRolePath: '/a', updatedAt: AT }),
    ).toStrictEqual({
      pipelineByOwnerPk: 'T#t#OPP#OWNER#u',
      pipelineByOwnerSk: '2024-03-05T08:09:10.123Z#o',
      pipelineBelowPk: 'T#t#OPP#BELOW',
      pipelineBelowSk: '/a|u|998290373849877|o',
      pipelineByListPk: 'T#t#OPP#ALL',
      pipelineByListSk: '2024-03-05T08:09:10.123Z#o',
    });
    expect(
      opportunityStageKeys('t', 's1', { id: 'o', ownerId: 'u', ownerRolePath: '/a', updatedAt: AT }),
    ).toStrictEqual({ pipelineByStagePk: 'T#t#OPP#STAGE#s1', pipelineByStageSk: '/a|u|998290373849877|o' });
    expect(contractEndKeys('t', '2024-12-31', 'k')).toStrictEqual({
      pipelineByStagePk: 'T#t#CONTRACT#END',
      pipelineByStageSk: '2024-12-31#k',
    });
    expect(planDueKeys('t', '2024-12-31', 'pp')).toStrictEqual({
      pipelineByListPk: 'T#t#PAYPLAN#DUE',
      pipelineByListSk: '2024-12-31#pp',
    });
    expect(pipelineLists.mine('t', 'LEAD', 'u')).toStrictEqual({
      index: 'pipelineByOwner',
      pk: 'T#t#LEAD#OWNER#u',
      ascending: false,
    });
    expect(pipelineLists.below('t', 'CONTRACT', '/a')).toStrictEqual({
      index: 'pipelineBelow',
      pk: 'T#t#CONTRACT#BELOW',
      skPrefix: '/a/',
      ascending: true,
    });
    expect(pipelineLists.company('t', 'LEADDONE')).toStrictEqual({
      index: 'pipelineByList',
      pk: 'T#t#LEADDONE#ALL',
      ascending: false,
    });
    expect(pipelineLists.stage('t', 's1')).toStrictEqual({
      index: 'pipelineByStage',
      pk: 'T#t#OPP#STAGE#s1',
      ascending: true,
    });
    expect(pipelineLists.stage('t', 's1', '/a/')).toStrictEqual({
      index: 'pipelineByStage',
      pk: 'T#t#OPP#STAGE#s1',
      skPrefix: '/a/',
      ascending: true,
    });
    expect(pipelineLists.contractsEnding('t', '2024-01-01', '2024-12-31')).toStrictEqual({
      index: 'pipelineByStage',
      pk: 'T#t#CONTRACT#END',
      between: ['2024-01-01#', '2024-12-31#~'],
      ascending: true,
    });
    expect(pipelineLists.plansDue('t', '2024-01-01', '2024-12-31')).toStrictEqual({
      index: 'pipelineByList',
      pk: 'T#t#PAYPLAN#DUE',
      between: ['2024-01-01#', '2024-12-31#~'],
      ascending: true,
    });
    expect(contractChildKeys('t', 'PAYMENT', 'k', 'x')).toStrictEqual({
      pipelineByOwnerPk: 'T#t#PAYMENT#OF#k',
      pipelineByOwnerSk: 'x',
    });
    expect(contractChildList('t', 'PAYPLAN', 'k')).toStrictEqual({
      index: 'pipelineByOwner',
      pk: 'T#t#PAYPLAN#OF#k',
      ascending: true,
    });
    expect(contractChildList('t', 'PAYMENT', 'k')).toStrictEqual({
      index: 'pipelineByOwner',
      pk: 'T#t#PAYMENT#OF#k',
      ascending: false,
    });
    expect(ownerScopePrefix('/a', 'u')).toStrictEqual('/a|u|');
  });

  it('follow-ups, plans and notifications', () => {
    expect(agendaKeys('t', 'UNREAD', 'u', 'n')).toStrictEqual({
      agendaByUserPk: 'T#t#AGENDA#UNREAD#u',
      agendaByUserSk: 'n',
    });
    expect(agendaQuery('t', 'PLAN', 'u')).toStrictEqual({ index: 'agendaByUser', pk: 'T#t#AGENDA#PLAN#u' });
    expect(agendaQuery('t', 'LAST', 'u')).toStrictEqual({ index: 'customerAgenda', pk: 'T#t#AGENDA#LAST#u' });
    expect(timeRange('01-01', '01-31')).toStrictEqual(['01-01', '01-31#~']);
    expect(followUpRefKey('t', 'f')).toStrictEqual({ pk: 'T#t#FREF#f', sk: 'REF' });
    expect(birthdayKeys('t', '1990-07-15', 'P', 'k')).toStrictEqual({
      scheduledPk: 'T#t#BDAY',
      scheduledSk: '07-15#P#k',
    });
    expect(birthdaysQuery('t', '07-01', '07-31')).toStrictEqual({
      index: 'scheduled',
      pk: 'T#t#BDAY',
      between: ['07-01', '07-31#~'],
    });
    expect(
      customerFollowUpKeys('t', {
        id: 'c',
        state: 'active',
        ownerId: 'u',
        createdAt: AT,
        lastFollowUpAt: null,
        birthday: '1990-07-15',
      }),
    ).toStrictEqual({
      customerAgendaPk: 'T#t#AGENDA#NEVER#u',
      customerAgendaSk: '2024-03-05T08:09:10.123Z#c',
      scheduledPk: 'T#t#BDAY',
      scheduledSk: '07-15#C#c',
    });
    expect(
      customerFollowUpKeys('t', {
        id: 'c',
        state: 'active',
        ownerId: 'u',
        createdAt: AT,
        lastFollowUpAt: AT2,
      }),
    ).toStrictEqual({
      customerAgendaPk: 'T#t#AGENDA#LAST#u',
      customerAgendaSk: '2024-03-06T00:00:00.000Z#c',
    });
    expect(customerFollowUpKeys('t', { id: 'c', state: 'pool', ownerId: null, createdAt: AT })).toStrictEqual(
      {},
    );
    expect(planIndexKeys('t', { id: 'p', dueAt: AT, status: 'open', ownerId: 'u' })).toStrictEqual({
      agendaByUserPk: 'T#t#AGENDA#PLAN#u',
      agendaByUserSk: '2024-03-05T08:09:10.123Z#p',
      scheduledPk: 'SCHED#PLAN#2024-03-05',
      scheduledSk: '2024-03-05T08:09:10.123Z#t#p',
    });
    expect(
      planIndexKeys('t', { id: 'p', dueAt: AT, status: 'open', ownerId: 'u', remindedFor: AT }),
    ).toStrictEqual({ agendaByUserPk: 'T#t#AGENDA#PLAN#u', agendaByUserSk: '2024-03-05T08:09:10.123Z#p' });
    expect(AGENDA_ATTRIBUTES).toStrictEqual(['agendaByUserPk', 'agendaByUserSk']);
    expect(PLAN_INDEX_ATTRIBUTES).toStrictEqual([
      'agendaByUserPk',
      'agendaByUserSk',
      'scheduledPk',
      'scheduledSk',
    ]);
    expect(plansDueQuery('2024-03-05', AT, AT2)).toStrictEqual({
      index: 'scheduled',
      pk: 'SCHED#PLAN#2024-03-05',
      between: ['2024-03-05T08:09:10.123Z', '2024-03-06T00:00:00.000Z#~'],
    });
    expect(notificationKey('t', 'u', 'n')).toStrictEqual({ pk: 'T#t#NOTE#u', sk: 'n' });
    expect(notificationsOf('t', 'u')).toStrictEqual({ pk: 'T#t#NOTE#u' });
    expect(notificationDedupeKey('t', 'u', 'd')).toStrictEqual({ pk: 'T#t#NOTEKEY#u', sk: 'd' });
    expect(tenantRegistryKey('t')).toStrictEqual({ pk: 'TENANTS', sk: 't' });
    expect(TENANT_REGISTRY_PK).toStrictEqual('TENANTS');
    expect(jobCheckpointKey('date-reminders', '2024-03-05')).toStrictEqual({
      pk: 'SCHED#JOB#date-reminders',
      sk: '2024-03-05',
    });
  });

  it('contacts', () => {
    expect(contactRefKey('t', 'k')).toStrictEqual({ pk: 'T#t#CREF#k', sk: 'REF' });
    expect(contactsMetaKey('t', 'c')).toStrictEqual({ pk: 'T#t#C#c', sk: 'CONTACTS' });
    expect(
      contactScopeKeys('t', { ownerRolePath: '/a', ownerId: 'u', sortName: 'zhang', contactId: 'k' }),
    ).toStrictEqual({ contactsByScopePk: 'T#t#CONTACT#ACTIVE', contactsByScopeSk: '/a|u|zhang|k' });
    expect(contactLists.mine('t', '/a', 'u')).toStrictEqual({
      index: 'contactsByScope',
      pk: 'T#t#CONTACT#ACTIVE',
      skPrefix: '/a|u|',
    });
    expect(contactLists.below('t', '/a')).toStrictEqual({
      index: 'contactsByScope',
      pk: 'T#t#CONTACT#ACTIVE',
      skPrefix: '/a/',
    });
    expect(contactLists.company('t')).toStrictEqual({ index: 'contactsByScope', pk: 'T#t#CONTACT#ACTIVE' });
    expect(contactSearchKey('t', '13800000000', 'k')).toStrictEqual({
      pk: 'T#t#KSEARCH#1',
      sk: '13800000000#k',
    });
    expect(contactSearchQuery('t', 'zh')).toStrictEqual({ pk: 'T#t#KSEARCH#z', skPrefix: 'zh' });
    expect(contactSearchQuery('t', '+8613800000000', true)).toStrictEqual({
      pk: 'T#t#KSEARCH#+',
      skPrefix: '+8613800000000#',
    });
  });

  it('background jobs', () => {
    expect(backgroundJobKey('t', 'j')).toStrictEqual({ pk: 'T#t#JOB#j', sk: 'JOB' });
    expect(backgroundJobPartKey('t', 'j', 2)).toStrictEqual({ pk: 'T#t#JOB#j', sk: 'PART#002' });
    expect(backgroundJobPartsPrefix('t', 'j')).toStrictEqual({ pk: 'T#t#JOB#j', skPrefix: 'PART#' });
    expect(backgroundJobChunkKey('t', 'j', 9)).toStrictEqual({ pk: 'T#t#JOB#j', sk: 'CHUNK#00009' });
    expect(backgroundJobChunksPrefix('t', 'j')).toStrictEqual({ pk: 'T#t#JOB#j', skPrefix: 'CHUNK#' });
    expect(backgroundJobReportKey('t', 'j')).toStrictEqual({ pk: 'T#t#JOB#j', sk: 'REPORT' });
  });

  it('SMS', () => {
    expect(smsBroadcastKey('t', 'b')).toStrictEqual({ pk: 'T#t#SMSB#b', sk: 'BROADCAST' });
    expect(smsRecipientKey('t', 'b', '+8613800000000')).toStrictEqual({
      pk: 'T#t#SMSB#b',
      sk: 'RCPT#+8613800000000',
    });
    expect(smsUnreachableKey('t', 'b', 'k')).toStrictEqual({ pk: 'T#t#SMSB#b', sk: 'RCPT#~k' });
    expect(smsRecipientsPrefix('t', 'b')).toStrictEqual({ pk: 'T#t#SMSB#b', skPrefix: 'RCPT#' });
    expect(smsOptOutKey('t', '+8613800000000')).toStrictEqual({ pk: 'T#t#SMSOPTOUT', sk: '+8613800000000' });
    expect(smsOptOutsPrefix('t')).toStrictEqual({ pk: 'T#t#SMSOPTOUT' });
    expect(smsDailyCountKey('t', '2026-12-07')).toStrictEqual({ pk: 'T#t#SMSDAY', sk: '2026-12-07' });
    expect(smsRateBucketKey(1796601600)).toStrictEqual({ pk: 'SMSRATE#1796601600', sk: 'COUNT' });
  });

  it('local runtime', () => {
    expect(smsOutboxKey('+8613800000000', 'm')).toStrictEqual({
      pk: 'LOCAL#SMS#+8613800000000',
      sk: 'MSG#m',
    });
    expect(smsOutboxPrefix('+8613800000000')).toStrictEqual({
      pk: 'LOCAL#SMS#+8613800000000',
      skPrefix: 'MSG#',
    });
    expect(streamFailureKey('analytics', 'shardId-1', '300')).toStrictEqual({
      pk: 'LOCAL#STREAMFAIL#analytics',
      sk: `shardId-1#${'300'.padStart(40, '0')}`,
    });
    expect(streamFailuresPrefix('analytics')).toStrictEqual({ pk: 'LOCAL#STREAMFAIL#analytics' });
  });

  it('analytics', () => {
    expect(aggregateKey('t', 'u', 'state')).toStrictEqual({ pk: 'T#t#AGG#STATE', sk: 'u' });
    expect(aggregateKey('t', 'u', 'D#2024-03-05')).toStrictEqual({
      pk: 'T#t#AGG#TIME#u',
      sk: 'D#2024-03-05',
    });
    expect(aggregateStates('t')).toStrictEqual({ pk: 'T#t#AGG#STATE' });
    expect(aggregateSeries('t', 'u')).toStrictEqual({ pk: 'T#t#AGG#TIME#u' });
    expect(aggregateSeenKey('t', 'e')).toStrictEqual({ pk: 'T#t#AGGSEEN#e', sk: 'SEEN' });
    expect(targetKey('t', '2024-03', 'revenue', 'user:u')).toStrictEqual({
      pk: 'T#t#TARGET#2024-03',
      sk: 'revenue#user:u',
    });
    expect(targetsOf('t', '2024-03')).toStrictEqual({ pk: 'T#t#TARGET#2024-03' });
  });

  it('platform', () => {
    expect(idempotencyKey('t', 'u', 'POST /v1/customers', 'k')).toStrictEqual({
      pk: 'T#t#IDEM#u#k',
      sk: 'POST /v1/customers',
    });
    expect(tenantOfKey('T#t#C#c')).toStrictEqual('t');
    expect(tenantOfKey('TENANTS')).toStrictEqual(undefined);
  });

  it('table and indexes', () => {
    expect(indexes).toStrictEqual({
      usersBelow: 'usersBelow',
      sharedViews: 'sharedViews',
      customersByOwner: 'customersByOwner',
      customersBelow: 'customersBelow',
      customersByList: 'customersByList',
      hotByOwner: 'hotByOwner',
      sharedWith: 'sharedWith',
      pipelineByOwner: 'pipelineByOwner',
      pipelineBelow: 'pipelineBelow',
      pipelineByList: 'pipelineByList',
      pipelineByStage: 'pipelineByStage',
      agendaByUser: 'agendaByUser',
      customerAgenda: 'customerAgenda',
      scheduled: 'scheduled',
      contactsByScope: 'contactsByScope',
      reclaimDue: 'reclaimDue',
      reclaimSoon: 'reclaimSoon',
    });
    expect(indexKeys('agendaByUser')).toStrictEqual({ pk: 'agendaByUserPk', sk: 'agendaByUserSk' });
    expect(TTL_ATTRIBUTE).toStrictEqual('expiresAt');
    expect(tableSchema).toStrictEqual({
      partitionKey: 'pk',
      sortKey: 'sk',
      timeToLiveAttribute: 'expiresAt',
      stream: 'NEW_AND_OLD_IMAGES',
      globalSecondaryIndexes: [
        {
          indexName: 'usersBelow',
          partitionKey: 'usersBelowPk',
          sortKey: 'usersBelowSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'sharedViews',
          partitionKey: 'sharedViewsPk',
          sortKey: 'sharedViewsSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'customersByOwner',
          partitionKey: 'customersByOwnerPk',
          sortKey: 'customersByOwnerSk',
          projection: { type: 'INCLUDE', attributes: ['type', 'id', 'rec', 'tier'] },
        },
        {
          indexName: 'customersBelow',
          partitionKey: 'customersBelowPk',
          sortKey: 'customersBelowSk',
          projection: { type: 'INCLUDE', attributes: ['type', 'id', 'rec', 'tier'] },
        },
        {
          indexName: 'customersByList',
          partitionKey: 'customersByListPk',
          sortKey: 'customersByListSk',
          projection: { type: 'INCLUDE', attributes: ['type', 'id', 'rec', 'tier'] },
        },
        {
          indexName: 'hotByOwner',
          partitionKey: 'hotByOwnerPk',
          sortKey: 'hotByOwnerSk',
          projection: { type: 'INCLUDE', attributes: ['type', 'id', 'rec', 'tier'] },
        },
        {
          indexName: 'sharedWith',
          partitionKey: 'sharedWithPk',
          sortKey: 'sharedWithSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'pipelineByOwner',
          partitionKey: 'pipelineByOwnerPk',
          sortKey: 'pipelineByOwnerSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'pipelineBelow',
          partitionKey: 'pipelineBelowPk',
          sortKey: 'pipelineBelowSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'pipelineByList',
          partitionKey: 'pipelineByListPk',
          sortKey: 'pipelineByListSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'pipelineByStage',
          partitionKey: 'pipelineByStagePk',
          sortKey: 'pipelineByStageSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'agendaByUser',
          partitionKey: 'agendaByUserPk',
          sortKey: 'agendaByUserSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'customerAgenda',
          partitionKey: 'customerAgendaPk',
          sortKey: 'customerAgendaSk',
          projection: {
            type: 'INCLUDE',
            attributes: [
              'type',
              'id',
              'name',
              'ownerId',
              'ownerName',
              'ownerRolePath',
              'maturityId',
              'levelId',
              'hot',
              'lastFollowUpAt',
              'nextFollowUpAt',
              'nextFollowUpNote',
              'reclaimAt',
            ],
          },
        },
        {
          indexName: 'scheduled',
          partitionKey: 'scheduledPk',
          sortKey: 'scheduledSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'contactsByScope',
          partitionKey: 'contactsByScopePk',
          sortKey: 'contactsByScopeSk',
          projection: { type: 'ALL' },
        },
        {
          indexName: 'reclaimDue',
          partitionKey: 'reclaimDuePk',
          sortKey: 'reclaimDueSk',
          projection: {
            type: 'INCLUDE',
            attributes: [
              'type',
              'id',
              'tenantId',
              'poolId',
              'rulesVersion',
              'cursor',
              'requestedAt',
              'advancedAt',
            ],
          },
        },
        {
          indexName: 'reclaimSoon',
          partitionKey: 'reclaimSoonPk',
          sortKey: 'reclaimSoonSk',
          projection: { type: 'INCLUDE', attributes: ['type', 'id', 'rec', 'tier'] },
        },
      ],
    });
  });

  it('the index exports exactly these names (no helper of lib/db/keys/* leaks)', () => {
    expect(Object.keys(keys).sort()).toStrictEqual([
      'AGENDA_ATTRIBUTES',
      'CUSTOMER_AGENDA_VIEW',
      'CUSTOMER_CHILD',
      'CUSTOMER_SK',
      'DELIVERY_DUE_ATTRIBUTES',
      'GEO_PARTITION_PRECISION',
      'GEO_SORT_PRECISION',
      'PLAN_INDEX_ATTRIBUTES',
      'RECLAIM_INDEX_ATTRIBUTES',
      'RECOMPUTE_POINTER_VIEW',
      'SEARCH_STATES',
      'TENANT_REGISTRY_PK',
      'TTL_ATTRIBUTE',
      'WEBHOOKS_DUE_PK',
      'agendaKeys',
      'agendaQuery',
      'aggregateKey',
      'aggregateSeenKey',
      'aggregateSeries',
      'aggregateStates',
      'apiClientKey',
      'apiClientLoginKey',
      'apiClientsOf',
      'approvalActionKey',
      'approvalActionsPrefix',
      'approvalCommentKey',
      'approvalCommentsPrefix',
      'approvalContractGuardKey',
      'approvalEntryKey',
      'approvalKey',
      'approvalListPk',
      'attachmentKey',
      'attachmentObjectKey',
      'attachmentRefKey',
      'attachmentsOf',
      'backgroundJobChunkKey',
      'backgroundJobChunksPrefix',
      'backgroundJobKey',
      'backgroundJobPartKey',
      'backgroundJobPartsPrefix',
      'backgroundJobReportKey',
      'belongsToTenant',
      'birthdayKeys',
      'birthdaysQuery',
      'checkinKey',
      'checkinRefKey',
      'checkinsOf',
      'contactLists',
      'contactRefKey',
      'contactScopeKeys',
      'contactSearchKey',
      'contactSearchQuery',
      'contactsMetaKey',
      'contractChildKeys',
      'contractChildList',
      'contractEndKeys',
      'customFieldKey',
      'customFieldKeyGuard',
      'customFieldsPrefix',
      'customerChildKey',
      'customerChildKind',
      'customerChildPrefix',
      'customerCollection',
      'customerFollowUpKeys',
      'customerIndexKeys',
      'customerKey',
      'customerLists',
      'customerNameKey',
      'customerSearchKey',
      'customerSearchQuery',
      'customerTagKey',
      'customerTagKeys',
      'customerTierKeys',
      'dailyClaimsKey',
      'deliveriesOf',
      'deliveryDueKeys',
      'deliveryKey',
      'deliveryRateKey',
      'dictionaryItemKey',
      'dictionaryPrefix',
      'dictionaryRootKey',
      'dormancyDue',
      'dormancySchedule',
      'flowHeadKey',
      'flowHeadsOf',
      'flowVersionKey',
      'followUpRefKey',
      'geoCellKey',
      'geoCellsQuery',
      'idempotencyKey',
      'importLeaseKey',
      'importLeasePart',
      'importLeasesOf',
      'importShardKey',
      'indexKeys',
      'indexes',
      'invertedTime',
      'jobCheckpointKey',
      'leadKey',
      'mergeSweepKey',
      'mergeSweepSchedule',
      'mergeSweepsQuery',
      'notificationDedupeKey',
      'notificationKey',
      'notificationsOf',
      'officeKeys',
      'opportunityStageKeys',
      'opportunityStagesKey',
      'ownerScopePrefix',
      'parseDeliveryDue',
      'pipelineIndexKeys',
      'pipelineLists',
      'pipelineRefKey',
      'planDueKeys',
      'planIndexKeys',
      'plansDueQuery',
      'poolKey',
      'poolNameKey',
      'poolRecomputeKey',
      'poolsPrefix',
      'productCodeKey',
      'productKey',
      'productsPrefix',
      'reclaimIndexKeys',
      'reclaimLists',
      'reclaimPoolPointer',
      'recomputeTaskPointer',
      'roleKey',
      'rolesPrefix',
      'savedViewKey',
      'savedViewsPrefix',
      'settingsKey',
      'sharedViewKeys',
      'sharedViewsQuery',
      'sharedWithKeys',
      'smsBroadcastKey',
      'smsDailyCountKey',
      'smsOptOutKey',
      'smsOptOutsPrefix',
      'smsOutboxKey',
      'smsOutboxPrefix',
      'smsRateBucketKey',
      'smsRecipientKey',
      'smsRecipientsPrefix',
      'smsUnreachableKey',
      'storageQuotaKey',
      'streamFailureKey',
      'streamFailuresPrefix',
      'tableSchema',
      'taggedList',
      'targetKey',
      'targetsOf',
      'tenantKey',
      'tenantOfKey',
      'tenantRegistryKey',
      'tierCopyKey',
      'tierMoveKey',
      'tieredList',
      'timeRange',
      'timelineEntryKey',
      'timelinePartition',
      'userCountersKey',
      'userKey',
      'usersBelowKeys',
      'usersBelowQuery',
      'usersInRoleQuery',
      'usersPrefix',
      'webhookKey',
      'webhooksOf',
    ]);
  });

  it('pins the approvals keys (lib/db/keys/approvals.ts)', () => {
    expect(keys.flowHeadKey('t1', 'F')).toEqual({ pk: 'T#t1#AFLOWS', sk: 'F' });
    expect(keys.flowVersionKey('t1', 'F', 3)).toEqual({ pk: 'T#t1#AFLOW#F', sk: 'V#000003' });
    expect(keys.approvalKey('t1', 'A')).toEqual({ pk: 'T#t1#APPR#A', sk: 'REQ' });
    expect(keys.approvalActionKey('t1', 'A', 12)).toEqual({ pk: 'T#t1#APPR#A', sk: 'ACT#000012' });
    expect(keys.approvalCommentKey('t1', 'A', 'C')).toEqual({ pk: 'T#t1#APPR#A', sk: 'CMT#C' });
    expect(keys.approvalEntryKey('t1', 'handled', 'U', 'approved', '2026-12-07T00:00:00.000Z', 'A')).toEqual({
      pk: 'T#t1#APPRL#handled#U#approved',
      sk: '2026-12-07T00:00:00.000Z#A',
    });
    expect(keys.approvalListPk('t1', 'pending', 'U')).toBe('T#t1#APPRL#pending#U');
    expect(keys.approvalContractGuardKey('t1', 'K')).toEqual({ pk: 'T#t1#APPRCONTRACT#K', sk: 'GUARD' });
    expect(keys.usersInRoleQuery('t1', '/r/m')).toEqual({
      index: 'usersBelow',
      pk: 'T#t1#USERS',
      skPrefix: '/r/m|',
    });
  });
});
