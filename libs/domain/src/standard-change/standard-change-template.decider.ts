import { assertNever } from '../change-request/lifecycle';
import { adopt } from './adopt/adopt-standard-change-template';
import { approveTemplate } from './approve/approve-standard-change-template';
import { propose } from './propose/propose-standard-change-template';
import { rejectTemplate } from './reject/reject-standard-change-template';
import { retireTemplate } from './retire/retire-standard-change-template';
import { type StandardChangeTemplateCommand } from './standard-change-template.commands';
import { type StandardChangeTemplateEvent } from './standard-change-template.events';
import { type StandardChangeTemplateState } from './standard-change-template.model';
import { suspendTemplate } from './suspend/suspend-standard-change-template';

export { evolveTemplate, rehydrateTemplate } from './standard-change-template.evolve';

/**
 * The standard-change template decider: `decideTemplate(command, state) → events` only
 * dispatches, so a rule is found by the name of its command. Who may act is in
 * `template-roles.ts`; whether an instance fits its template, in `standard-change-fit.ts`.
 */
export function decideTemplate(
  command: StandardChangeTemplateCommand,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  switch (command.type) {
    case 'AdoptStandardChangeTemplate':
      return adopt(command, state);
    case 'ProposeStandardChangeTemplate':
      return propose(command, state);
    case 'ApproveStandardChangeTemplate':
      return approveTemplate(command, state);
    case 'RejectStandardChangeTemplate':
      return rejectTemplate(command, state);
    case 'RetireStandardChangeTemplate':
      return retireTemplate(command, state);
    case 'SuspendStandardChangeTemplate':
      return suspendTemplate(command, state);
    default:
      return assertNever(command);
  }
}
