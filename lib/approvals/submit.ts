import { ulid } from 'ulid';
import { now } from '../clock.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound, Unprocessable } from '../http/errors.ts';
import { loadContract } from '../pipeline/contracts.ts';
import * as repo from './repository.ts';
import { normalizeForm, submit as submitRule } from './rules.ts';
import type { Approval, SubmitInput } from './schemas.ts';
import { commit, invalid, plan, present } from './service.ts';

/**
 * Submitting a request: its own module, as the only use case that reads the pipeline (a contract
 * approval names its contract), so the other approval functions do not bundle it.
 */

export async function submit(auth: Auth, input: SubmitInput): Promise<Approval> {
  const flow = await repo.getFlow(auth.tenantId, input.flowId);
  if (!flow)
    throw invalid([{ path: 'body.flowId', code: 'unknown_flow', message: 'No approval flow has this id' }]);
  const { form, errors } = normalizeForm(flow, input.form);
  if (flow.type === 'contract' && !input.contractId)
    errors.push({
      path: 'body.contractId',
      code: 'required',
      message: 'A contract approval names its contract',
    });
  if (errors.length) throw invalid(errors);
  if (input.contractId) await assertAwaitingApproval(auth, input.contractId);
  const submitter = { id: auth.userId, name: auth.userName, rolePath: auth.rolePath };
  const steps = await plan(auth.tenantId, flow, form, submitter, input.chosenApproverIds ?? []);
  const t = submitRule(
    {
      id: ulid(),
      flow,
      title: input.title ?? `${auth.userName}的${flow.name}`,
      form,
      attachmentIds: input.attachmentIds ?? [],
      customerId: input.customerId ?? null,
      contractId: input.contractId ?? null,
      submitter,
      steps,
      chosenIds: input.chosenApproverIds ?? [],
    },
    now().toISOString(),
  );
  const guards = input.contractId ? [repo.contractGuardStep(auth.tenantId, input.contractId, t.next.id)] : [];
  await commit(auth.tenantId, null, t, guards);
  return present(t.next);
}

/**
 * A contract approval names a contract the caller sees that waits for approval (created while
 * `settings.contractApproval` was on). Its decision reaches the contract through the stream
 * (lib/pipeline/consumers.ts onContractApproval).
 */
async function assertAwaitingApproval(auth: Auth, contractId: string): Promise<void> {
  const contract = await loadContract(auth, contractId, 'see').catch((error: unknown) => {
    if (error instanceof NotFound)
      throw invalid([
        { path: 'body.contractId', code: 'unknown_contract', message: 'No contract you can see has this id' },
      ]);
    throw error;
  });
  if (contract.contract.status !== 'pending_approval')
    throw new Unprocessable(
      'contract_not_pending',
      `The contract is ${contract.contract.status}; only a contract waiting for approval is submitted.`,
    );
}
