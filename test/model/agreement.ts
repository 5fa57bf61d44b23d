import assert from 'node:assert/strict';
import { approvalStatus, awaitedRoles, type ModelChange } from './change-model';
import { coverage } from './coverage';
import { type Answer, type ModelApi } from './model-api';
import { copyOf, type ModelRun } from './model-run';
import { Refused } from './principals';
import { type Person } from '../support/test-api';

/**
 * The one loop every command of the model-based test goes through, and what it holds the API to
 * after each step: the answer, the change as `GET` shows it, the approval invariant read off that
 * answer alone, and the read models once projected.
 */

export const SUCCESS = { create: 201, ingest: 202, step: 200 } as const;

/**
 * Asks the model (on a copy), sends the request, and holds the answer to the prediction: the
 * status and code of a refusal (and nothing recorded), or a success whose state the model takes.
 */
export async function step<T>(
  run: ModelRun,
  api: ModelApi,
  command: string,
  who: Person,
  label: string,
  rule: (copy: ModelChange) => T,
  send: () => Promise<Answer>,
  success: number,
  onSuccess?: (answer: Answer, result: T) => void,
  outcome: (answer: Answer) => string = () => 'ok',
): Promise<void> {
  const copy = copyOf(run.change!);
  let refused: Refused | null = null;
  let result: T | undefined;
  try {
    result = rule(copy);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    refused = error;
  }
  const answer = await send();
  const said = `${label} on ${run.change!.id} (${run.change!.status}) answered ${answer.status} ${JSON.stringify(answer.body)}`;
  coverage.record(command, who, answer.status < 300 ? outcome(answer) : String(answer.body?.code));
  if (refused) {
    assert.deepEqual(
      { status: answer.status, code: answer.body?.code },
      { status: refused.status, code: refused.code },
      `${said}; the model expected ${refused.status} ${refused.code}`,
    );
  } else {
    assert.equal(answer.status, success, `${said}; the model expected ${success}`);
    run.change = copy;
    onSuccess?.(answer, result as T);
  }
  await checkAgreement(run, api, label, refused !== null);
}

/** The change request as the API shows it, in the terms the model keeps. */
function viewOf(body: Answer['body']) {
  return {
    status: body.status,
    approval_status: body.approval_status,
    category: body.category,
    priority: body.priority,
    title: body.title,
    content_version: body.content_version,
    approvers: body.approvers,
    approvals: body.approvals.map((a: Record<string, unknown>) => [
      a.role,
      a.approved_by,
      a.content_version,
      a.retroactive,
    ]),
    implementer: body.implementer,
    implementation_started: body.implementation_started,
    verification: body.verification?.outcome ?? null,
    emergency: body.emergency,
    incident: body.incident && {
      review_due_at: body.incident.review_due_at,
      reviewed_at: body.incident.reviewed_at,
    },
    // API v1's latest exception: null when there is none (a key left out is a disagreement).
    exception: body.exception && {
      approved: body.exception.approved,
      signed_off_by: body.exception.signed_off_by.map((s: { role: string }) => s.role),
    },
    exceptions: body.exceptions.map(
      (e: { exception_id: string; gates: string[]; approved: boolean }) => [
        e.exception_id,
        e.gates,
        e.approved,
      ],
    ),
    scheduled_for: body.scheduled_for,
    standard_template_id: body.standard_template_id,
    risk_level: body.risk_level,
    repository: body.links.repository,
  };
}

function expectedView(change: ModelChange) {
  const latest = change.exceptions.at(-1);
  return {
    status: change.status,
    approval_status: approvalStatus(change),
    category: change.category,
    priority: change.content.priority,
    title: change.content.title,
    content_version: change.contentVersion,
    approvers: change.required,
    approvals: change.approvals.map((a) => [a.role, a.by, a.contentVersion, a.retroactive]),
    implementer: change.implementer,
    implementation_started: change.implementedAt,
    verification: change.verification,
    emergency: change.emergency
      ? {
          documentation_due_at: change.documentationDueAt,
          documented_at: change.documentedAt,
          post_hoc_review_due_at: change.postHocDueAt,
          post_hoc_reviewed_at: change.postHocReviewedAt,
        }
      : null,
    incident: change.incident && {
      review_due_at: change.incident.reviewDueAt,
      reviewed_at: change.incident.reviewedAt,
    },
    exception: latest
      ? { approved: latest.approved, signed_off_by: latest.signedOff.map((s) => s.role) }
      : null,
    exceptions: change.exceptions.map((e) => [e.id, e.gates, e.approved]),
    scheduled_for: change.scheduledFor,
    standard_template_id: change.templateId,
    risk_level: change.content.riskLevel,
    repository: change.content.repository,
  };
}

/**
 * The invariant read off the API's answer alone (ADR 0023): approved ⇔ a pre-approved standard
 * change, or every required role approved by distinct people — on the current content, or on the
 * emergency path on content changed since by documentation only.
 */
export function invariantProblems(body: Answer['body']): string[] {
  const problems: string[] = [];
  const approvals: Array<{ role: string; approved_by: string; content_version: number }> =
    body.approvals;
  const people = approvals.map((a) => a.approved_by);
  if (new Set(people).size !== people.length) problems.push('one person holds two approvals');
  if (
    body.category !== 'emergency' &&
    approvals.some((a) => a.content_version !== body.content_version)
  )
    problems.push('an approval of older content is still counted');
  const given = new Set(approvals.map((a) => a.role));
  const satisfied =
    body.category === 'standard'
      ? body.approved_at !== null
      : body.approvers.length > 0 && body.approvers.every((role: string) => given.has(role));
  if ((body.approval_status === 'approved') !== satisfied)
    problems.push(
      `approval_status is ${body.approval_status} with approvals ${JSON.stringify(approvals)}`,
    );
  if (['approved', 'scheduled'].includes(body.status) && body.approval_status !== 'approved')
    problems.push(`status ${body.status} but approval_status ${body.approval_status}`);
  return problems;
}

export async function checkAgreement(
  run: ModelRun,
  api: ModelApi,
  label: string,
  refused: boolean,
): Promise<void> {
  const change = run.change!;
  if (refused && run.head !== null) {
    // Nothing recorded, so nothing to read again: the state is the one checked last.
    const head = await api.head(change.id);
    assert.equal(head, run.head, `${label} was refused yet ${change.id} recorded events`);
    return;
  }
  const answer = await api.get(change.id);
  assert.equal(answer.status, 200, `GET ${change.id} answered ${answer.status}`);
  assert.deepEqual(
    invariantProblems(answer.body),
    [],
    `after ${label}, ${change.id} breaks the approval invariant`,
  );
  assert.deepEqual(
    viewOf(answer.body),
    expectedView(change),
    `after ${label}, GET ${change.id} disagrees with the model`,
  );
  const row = await api.readModel(change.id);
  assert.deepEqual(
    { status: row.status, approvedAt: row.approvedAt, pending: row.pending },
    { status: change.status, approvedAt: change.approvedAt, pending: awaitedRoles(change) },
    `after ${label}, the read models of ${change.id} disagree with the model`,
  );
  run.head = row.head;
}
