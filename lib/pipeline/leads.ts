import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { createCustomer } from '../customers/service.ts';
import type { Page } from '../db/query.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, type FieldError, Forbidden, NotFound, PreconditionFailed } from '../http/errors.ts';
import { normalizePhone } from '../phone.ts';
import { assertDictionaryItems } from '../settings/dictionaries.ts';
import { newOpportunity, newOpportunitySteps, present as presentOpportunity } from './opportunities.ts';
import * as repo from './repository.ts';
import { assertLeadOpen, canSeeLead, initialStage, ownsOrIsAbove } from './rules.ts';
import type {
  ConvertLeadInput,
  CreateLeadInput,
  Lead,
  LeadListQuery,
  Opportunity,
  UpdateLeadInput,
} from './schemas.ts';
import { readView, viewSpec } from './scope.ts';

/**
 * Leads (线索, seed 001; 潜在客户管理, seed 003): first contacts from events, calls and referrals,
 * worked by their owner until they are converted into a customer (with a contact and optionally an
 * opportunity), atomically and once.
 */

const present = ({ ownerRolePath: _, updatedBy: __, ...l }: repo.LeadRecord): Lead => l;

function phones(input: { mobile?: string | null | undefined; phone?: string | null | undefined }) {
  const errors: FieldError[] = [];
  const one = (raw: string | null | undefined, field: 'mobile' | 'phone') => {
    if (raw === undefined || raw === null) return raw;
    const phone = normalizePhone(raw);
    if (!phone)
      errors.push({ path: `body.${field}`, code: 'invalid_phone', message: 'Not a valid phone number' });
    return phone;
  };
  const result = { mobile: one(input.mobile, 'mobile'), phone: one(input.phone, 'phone') };
  if (errors.length > 0) throw new BadRequest('Some fields are invalid.', errors);
  return result;
}

const sourceRef = (sourceId: string | null | undefined) =>
  typeof sourceId === 'string' ? [{ path: 'body.sourceId', kind: 'source' as const, id: sourceId }] : [];

export async function createLead(auth: Auth, input: CreateLeadInput): Promise<Lead> {
  const { mobile, phone } = phones(input);
  await assertDictionaryItems(auth.tenantId, sourceRef(input.sourceId));
  const at = now().toISOString();
  const lead: repo.LeadRecord = {
    id: ulid(),
    name: input.name,
    company: input.company ?? null,
    title: input.title ?? null,
    mobile: mobile ?? null,
    phone: phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    sourceId: input.sourceId ?? null,
    note: input.note ?? null,
    status: input.status ?? 'new',
    ownerId: auth.userId,
    ownerName: auth.userName,
    ownerRolePath: auth.rolePath,
    customerId: null,
    contactId: null,
    opportunityId: null,
    convertedAt: null,
    convertedBy: null,
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    version: 1,
  };
  await repo.commit([repo.saveLeadStep(auth.tenantId, lead, null)]);
  return present(lead);
}

async function load(auth: Auth, id: string, mode: 'see' | 'edit'): Promise<repo.LeadRecord> {
  const lead = await repo.getLead(auth.tenantId, id);
  if (!lead || !canSeeLead(auth, lead)) throw new NotFound('lead');
  if (mode === 'edit' && !ownsOrIsAbove(auth, lead))
    throw new Forbidden(
      "Only the lead's owner, their superiors or an administrator may change it.",
      'not_owner',
    );
  return lead;
}

export async function getLead(auth: Auth, id: string): Promise<Lead> {
  return present(await load(auth, id, 'see'));
}

/** Edits an open lead at the version read (If-Match); a converted lead is history (409). */
export async function updateLead(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateLeadInput,
): Promise<Lead> {
  const lead = await load(auth, id, 'edit');
  assertLeadOpen(lead);
  if (lead.version !== expected) throw new PreconditionFailed();
  const { mobile, phone } = phones(patch);
  await assertDictionaryItems(auth.tenantId, sourceRef(patch.sourceId));
  const keep = <T>(value: T | undefined, current: T) => (value === undefined ? current : value);
  const next: repo.LeadRecord = {
    ...lead,
    name: patch.name ?? lead.name,
    company: keep(patch.company, lead.company),
    title: keep(patch.title, lead.title),
    mobile: keep(mobile, lead.mobile),
    phone: keep(phone, lead.phone),
    email: keep(patch.email, lead.email),
    address: keep(patch.address, lead.address),
    sourceId: keep(patch.sourceId, lead.sourceId),
    note: keep(patch.note, lead.note),
    status: patch.status ?? lead.status,
    updatedAt: now().toISOString(),
    version: lead.version + 1,
    updatedBy: { id: auth.userId, name: auth.userName, version: lead.version + 1 },
  };
  await repo.commit([repo.saveLeadStep(auth.tenantId, next, lead)]);
  return present(next);
}

/**
 * Converts a lead (线索转换): a new customer owned by the caller through the customers service (so
 * the duplicate-name guard and the owner's quota apply: 409 duplicate_name / quota_exceeded), the
 * lead's person as its primary contact, optionally an opportunity, and the lead marked converted,
 * ALL in one transaction conditioned on the lead being unconverted at the version read. Concurrent
 * converts: one succeeds, the others get 409 already_converted and write nothing.
 */
export async function convertLead(
  auth: Auth,
  id: string,
  input: ConvertLeadInput,
): Promise<{ lead: Lead; customerId: string; contactId: string | null; opportunity: Opportunity | null }> {
  for (let attempt = 1; ; attempt += 1) {
    const lead = await load(auth, id, 'edit');
    assertLeadOpen(lead);
    const stages = input.createOpportunity ? (await repo.getStages(auth.tenantId)).stages : [];
    // An unknown or closed stage is refused before anything else is checked or written.
    if (input.createOpportunity)
      initialStage(stages, input.createOpportunity.stage, 'body.createOpportunity.stage');
    const withContact = input.createContact ?? true;
    let converted: repo.LeadRecord | undefined;
    let opportunity: repo.OpportunityRecord | null = null;
    try {
      const { customer, contacts } = await createCustomer(
        auth,
        {
          name: input.customerName ?? lead.company ?? lead.name,
          ...(lead.phone && !withContact ? { phone: lead.phone } : {}),
          ...(lead.email && !withContact ? { email: lead.email } : {}),
          ...(lead.address ? { address: lead.address } : {}),
          ...(lead.sourceId ? { sourceId: lead.sourceId } : {}),
          ...(lead.note ? { note: lead.note } : {}),
          contacts: withContact
            ? [
                {
                  name: lead.name,
                  primary: true,
                  ...(lead.mobile ? { mobile: lead.mobile } : {}),
                  ...(lead.phone ? { phone: lead.phone } : {}),
                  ...(lead.email ? { email: lead.email } : {}),
                  ...(lead.title ? { title: lead.title } : {}),
                },
              ]
            : [],
        },
        {
          // The lead goes first: when it was converted meanwhile, that is the error reported.
          before: (created, contacts) => {
            const at = created.createdAt;
            opportunity = input.createOpportunity
              ? newOpportunity(
                  auth,
                  created,
                  input.createOpportunity,
                  stages,
                  at,
                  lead.id,
                  'body.createOpportunity.stage',
                )
              : null;
            converted = {
              ...lead,
              status: 'converted',
              customerId: created.id,
              contactId: contacts[0]?.id ?? null,
              opportunityId: opportunity?.id ?? null,
              convertedAt: at,
              convertedBy: auth.userId,
              updatedAt: at,
              version: lead.version + 1,
            };
            return [
              repo.saveLeadStep(auth.tenantId, converted, lead),
              ...(opportunity ? newOpportunitySteps(auth.tenantId, opportunity) : []),
            ];
          },
        },
      );
      const contactId = contacts[0]?.id ?? null;
      return {
        lead: present(converted as unknown as repo.LeadRecord),
        customerId: customer.id,
        contactId,
        opportunity: opportunity ? presentOpportunity(opportunity) : null,
      };
    } catch (error) {
      // Someone edited the lead (not converted it) between our read and our write: read again.
      if (!(error instanceof PreconditionFailed) || attempt >= 5) throw error;
    }
  }
}

/**
 * A list view of leads, newest first: open leads (narrowed by an open status as residue), or
 * converted ones (`status=converted`, their own index partitions, so open lists never wade
 * through history).
 */
export async function listLeads(auth: Auth, query: LeadListQuery): Promise<Page<Lead>> {
  const converted = query.status === 'converted';
  const spec = await viewSpec(auth, converted ? 'LEADDONE' : 'LEAD', query.view, query.ownerId);
  const filter =
    query.status && !converted
      ? {
          expression: '#status = :status',
          names: { '#status': 'status' },
          values: { ':status': query.status },
        }
      : undefined;
  const page = await readView<repo.LeadRecord>(
    auth,
    spec,
    { limit: query.limit, cursor: query.cursor },
    `leads|${query.view}|${query.ownerId ?? ''}|${query.status ?? ''}`,
    filter,
  );
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}
