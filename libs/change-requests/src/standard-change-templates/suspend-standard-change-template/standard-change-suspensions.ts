import { randomUUID } from 'node:crypto';
import { type SuspensionReason } from '@change-ledger/domain';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type TemplateOutcome } from '../standard-change-template-decisions';
import { SuspendStandardChangeTemplateCommand } from './suspend-standard-change-template.command';

/** An instance that was rolled back or caused an incident, its template not yet suspended for it. */
export interface SuspensionCandidate {
  templateId: string;
  changeRequestId: string;
  reason: SuspensionReason;
  detail: string;
}

/** Where to find them (the standard-change catalogue's read model). */
export interface SuspensionCandidates {
  suspensionCandidates(): Promise<SuspensionCandidate[]>;
}
export const SUSPENSION_CANDIDATES = Symbol('SUSPENSION_CANDIDATES');

const WATCHER = {
  id: 'change-ledger-standard-changes',
  kind: 'service' as const,
  roles: [],
  authenticatedBy: 'system',
};

/**
 * Suspends a template whose instance was rolled back or caused an incident (the common ITSM
 * practice), by sending SuspendStandardChangeTemplate through the ordinary command path, as the
 * deadline watcher records deadlines. The decider counts each instance once and the append at the
 * revision read settles racing replicas, so a pass may run anywhere, any number of times.
 */
@Injectable()
export class StandardChangeSuspensions {
  constructor(
    private readonly commands: CommandBus,
    @Inject(SUSPENSION_CANDIDATES) private readonly candidates: SuspensionCandidates,
  ) {}

  /** One pass; the number of suspensions it recorded. */
  async tick(): Promise<number> {
    let recorded = 0;
    for (const {
      templateId,
      changeRequestId,
      reason,
      detail,
    } of await this.candidates.suspensionCandidates()) {
      const requestId = `standard-change-watch-${randomUUID()}`;
      const outcome: TemplateOutcome = await this.commands.execute(
        new SuspendStandardChangeTemplateCommand(
          templateId,
          { changeRequestId, reason, detail },
          {
            actor: WATCHER,
            requestId,
            correlationId: changeRequestId,
            source: { kind: 'system', process: 'standard-change-suspensions' },
          },
        ),
      );
      recorded += outcome.events.length;
    }
    return recorded;
  }
}
