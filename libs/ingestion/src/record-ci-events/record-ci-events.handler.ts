import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CiEventRecorder } from './ci-event-recorder';
import { type CiEventOutcome, RecordCiEventsCommand } from './record-ci-events.command';

@CommandHandler(RecordCiEventsCommand)
export class RecordCiEventsHandler implements ICommandHandler<
  RecordCiEventsCommand,
  CiEventOutcome[]
> {
  constructor(private readonly recorder: CiEventRecorder) {}

  execute({ events }: RecordCiEventsCommand): Promise<CiEventOutcome[]> {
    return this.recorder.record(events);
  }
}
