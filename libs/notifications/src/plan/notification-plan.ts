import {
  type ChangeRequest,
  type ChangeRequestEvent,
  type CiEventReceipt,
  failedGates,
  type RecordedGate,
} from '@change-ledger/domain';
import { type NotificationChannel, type NotificationPolicy } from '@change-ledger/policy';

/** What the ledger tells people about (issue 17), one kind per event that calls for it. */
export type NotificationKind =
  | 'approval_requested'
  | 'approval_overdue'
  | 'approved'
  | 'rejected'
  | 'scheduled'
  | 'emergency_implemented'
  | 'rolled_back'
  | 'incident'
  | 'unauthorized_change'
  | 'deadline_missed';

/** A message for people, before it is addressed: who it is for (roles or principals), what it says. */
export interface Notification {
  kind: NotificationKind;
  changeRequestId: string | null;
  subject: string;
  text: string;
  link: string | null;
  audience: string[];
  /** Slack channels told whoever the audience is (the emergency channel of FLOW-EMERG). */
  slackChannels: string[];
}

/** One message to one address over one channel: the outbox's unit, deduplicated by the three. */
export interface Delivery {
  eventId: string;
  channel: NotificationChannel;
  recipient: string;
  notification: Notification;
}

export interface PlanContext {
  policy: NotificationPolicy;
  /** Where people read a change, e.g. https://ledger.example.com. */
  publicUrl: string;
  /** The channels that have somewhere to send (an SMTP server, a webhook URL…). */
  configured: ReadonlySet<NotificationChannel>;
  /** The Slack channels a webhook URL is configured for. */
  slackChannels: ReadonlySet<string>;
}

/**
 * Where a person opens a change: the dashboard page's view of it (apps/web routes by the hash).
 * The JSON API would answer a clicked link with 401.
 */
export function changePageLink(publicUrl: string, changeRequestId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/#/changes/${encodeURIComponent(changeRequestId)}`;
}

/**
 * What a change-request event tells whom, from the change as it stands after it. Pure: the
 * planner folds the stream and hands both in. Null when the event calls for no message.
 */
export function notificationFor(
  event: ChangeRequestEvent,
  change: ChangeRequest,
  context: Pick<PlanContext, 'policy' | 'publicUrl'>,
): Notification | null {
  const { policy } = context;
  const link = changePageLink(context.publicUrl, change.id);
  const about = `${change.id} "${change.content.title}"`;
  const awaited = change.requiredApprovals
    .map(({ role }) => role)
    .filter((role) => !change.approvals.some((approval) => approval.role === role));
  const approverRoles = change.requiredApprovals.map(({ role }) => role);
  const stakeholders = [change.requesterId, ...approverRoles, ...policy.recipients];
  const make = (
    kind: NotificationKind,
    subject: string,
    lines: string[],
    audience: string[],
    slackChannels: string[] = [],
  ): Notification => ({
    kind,
    changeRequestId: change.id,
    subject: `[Change Ledger] ${subject}`,
    text: [...lines, '', `Open the change: ${link}`].join('\n'),
    link,
    audience: [...new Set(audience)],
    slackChannels,
  });
  const summary = [
    `${change.content.category} change, ${change.content.priority} priority, requested by ${change.requesterId}.`,
    `Systems: ${change.content.affectedSystems.join(', ')}.`,
  ];

  switch (event.type) {
    case 'ChangeRequestSubmitted':
      return awaited.length === 0
        ? null
        : make(
            'approval_requested',
            `Approval requested: ${about}`,
            [
              `${change.id} awaits approval by ${awaited.join(', ')}${event.data.approvalDueAt ? `, due ${event.data.approvalDueAt}` : ''}.`,
              ...summary,
            ],
            awaited,
          );
    case 'DeadlineMissed':
      return event.data.deadline === 'approval'
        ? make(
            'approval_overdue',
            `Approval overdue, escalated: ${about}`,
            [
              `The approval of ${change.id} was due ${event.data.dueAt} and is still awaited from ${awaited.join(', ') || 'no one'}; escalated to ${policy.escalationRoles.join(', ')}.`,
              ...summary,
            ],
            [...awaited, ...policy.escalationRoles],
          )
        : make(
            'deadline_missed',
            `Deadline missed (${event.data.deadline.replace(/_/g, ' ')}): ${about}`,
            [
              `The ${event.data.deadline.replace(/_/g, ' ')} of ${change.id} was due ${event.data.dueAt}.`,
              ...summary,
            ],
            [change.requesterId, ...policy.escalationRoles],
          );
    case 'ChangeRequestApproved':
    case 'EmergencyChangeRetroactivelyApproved':
      return make(
        'approved',
        `Approved: ${about}`,
        [
          `${change.id} is approved by ${event.data.approvers.map((approver) => `${approver.approverId} (${approver.role})`).join(', ')}.`,
          ...summary,
        ],
        [change.requesterId],
      );
    case 'ChangeRequestRejected':
      return make(
        'rejected',
        `Rejected: ${about}`,
        [
          `${change.id} was rejected by ${event.data.by} (${event.data.role}): ${event.data.reason}`,
          ...summary,
        ],
        [change.requesterId],
      );
    case 'ChangeScheduled':
      return make(
        'scheduled',
        `Scheduled ${event.data.scheduledFor}: ${about}`,
        [
          `${change.id} is scheduled from ${event.data.scheduledFor} to ${change.scheduledUntil ?? 'its end'}${event.data.maintenanceWindow ? ', in the maintenance window' : ''}.`,
          ...summary,
          ...(event.data.blackoutOverrides ?? []).map(
            (override) =>
              `It runs in the blackout "${override.blackout}", allowed as ${override.allowedAs}.`,
          ),
        ],
        stakeholders,
      );
    case 'ChangeImplementationStarted':
      return change.emergency === null
        ? null
        : make(
            'emergency_implemented',
            `Emergency change implemented: ${about}`,
            [
              `${event.data.by} started implementing emergency change ${change.id} at ${event.data.at}${event.data.approvedBeforeImplementation ? '' : ', before approval'}.`,
              ...summary,
              ...(event.data.documentationDueAt
                ? [
                    `Documentation due ${event.data.documentationDueAt}; post-hoc review due ${event.data.postHocReviewDueAt}.`,
                  ]
                : []),
            ],
            policy.recipients,
            [policy.emergencyChannel],
          );
    case 'ChangeRolledBack':
      return make(
        'rolled_back',
        `Rolled back: ${about}`,
        [`${change.id} was rolled back by ${event.data.by}: ${event.data.reason}`, ...summary],
        [change.requesterId, ...policy.recipients],
      );
    case 'IncidentRecorded':
      return make(
        'incident',
        `Incident ${event.data.incidentId} (${event.data.severity}): ${about}`,
        [
          `Incident ${event.data.incidentId}, severity ${event.data.severity}, follows ${change.id}; the post-incident review is due ${event.data.reviewDueAt}.`,
          ...summary,
        ],
        [change.requesterId, ...policy.recipients],
      );
    case 'DeploymentRecorded':
      return event.data.authorized === false
        ? make(
            'unauthorized_change',
            `Unauthorized production change: ${about}`,
            [
              `A production deployment of ${event.data.fact.service ?? 'a service'} by ${event.data.fact.actor ?? 'an unknown actor'} was not authorized: ${event.data.reason ?? 'not approved'}.`,
              ...gatesFailed(event.data.gate),
              `Reported by ${event.data.fact.source} (${event.data.fact.id}).`,
            ],
            policy.securityRoles,
          )
        : null;
    default:
      return null;
  }
}

/** The deploy gates a deployment was recorded as failing (ADR 0022), as a line; none if none. */
function gatesFailed(gate: RecordedGate | null | undefined): string[] {
  const failed = failedGates(gate?.gates ?? []).map((result) => result.gate);
  return failed.length === 0 ? [] : [`Deploy gates failed: ${failed.join(', ')}.`];
}

/** A production deployment that no change request covers (POL-APPROVED-RECORD, SOC-PROHIBITED). */
export function unlinkedDeploymentNotification(
  receipt: CiEventReceipt,
  context: Pick<PlanContext, 'policy'>,
): Notification | null {
  if (receipt.unauthorized === null) return null;
  const { fact } = receipt;
  return {
    kind: 'unauthorized_change',
    changeRequestId: null,
    subject: `[Change Ledger] Unauthorized production change: ${fact.service ?? fact.id}`,
    text: [
      `A production deployment of ${fact.service ?? 'a service'} by ${fact.actor ?? 'an unknown actor'} at ${fact.occurredAt}: ${receipt.unauthorized.reason}.`,
      `Reported by ${fact.source} (${fact.id}).`,
    ].join('\n'),
    link: null,
    audience: [...context.policy.securityRoles],
    slackChannels: [],
  };
}

/**
 * Who a notification reaches, over which channel: each role or person to their addresses, each
 * address once. The webhook gets every notification once. Channels the policy does not use, or
 * that have nowhere to send, get nothing.
 */
export function deliveriesOf(
  eventId: string,
  notification: Notification,
  context: PlanContext,
): Delivery[] {
  const { policy } = context;
  const on = (channel: NotificationChannel) =>
    policy.enabled && policy.channels.includes(channel) && context.configured.has(channel);
  const addresses = notification.audience.map((name) => policy.addresses[name]).filter(Boolean);
  const recipients: Array<[NotificationChannel, string]> = [
    ...(on('email')
      ? addresses.flatMap((address) =>
          address!.email.map((email) => ['email', email] as [NotificationChannel, string]),
        )
      : []),
    ...(on('slack')
      ? [...addresses.map((address) => address!.slack), ...notification.slackChannels]
          .filter(
            (channel): channel is string => channel !== null && context.slackChannels.has(channel),
          )
          .map((channel) => ['slack', channel] as [NotificationChannel, string])
      : []),
    ...(on('webhook') ? [['webhook', 'webhook'] as [NotificationChannel, string]] : []),
  ];
  const seen = new Set<string>();
  return recipients.flatMap(([channel, recipient]) => {
    const key = `${channel} ${recipient}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ eventId, channel, recipient, notification }];
  });
}
