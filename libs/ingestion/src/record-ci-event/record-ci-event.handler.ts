import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RecordCiEventResult } from '../record-ci-events/ci-event-outcome';
import { CiEventRecorder } from '../record-ci-events/ci-event-recorder';
import { RecordCiEventCommand } from './record-ci-event.command';

/**
 * Records one CI fact (the HTTP ingest routes): a batch of one, so HTTP and Kafka share every
 * rule — the receipt in the stream of (source, id) is the dedupe, a redelivery answers
 * `duplicate`, other content under the same key is a `conflict` kept beside it, and only a
 * service bound to the fact's source may report it (CiEventRecorder, CiBatch). A refusal is
 * thrown, for the HTTP problem document.
 */
@CommandHandler(RecordCiEventCommand)
export class RecordCiEventHandler implements ICommandHandler<
  RecordCiEventCommand,
  RecordCiEventResult
> {
  constructor(private readonly recorder: CiEventRecorder) {}

  async execute({ fact, origin, raw }: RecordCiEventCommand): Promise<RecordCiEventResult> {
    const [outcome] = await this.recorder.record([{ fact, origin, raw }]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.result;
  }
}
