import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CiFactRecorder } from './ci-fact-recorder';
import {
  type CiEventOutcome,
  RecordCiFactCommand,
  RecordCiFactsCommand,
  type RecordCiFactResult,
} from './record-ci-fact.command';

/**
 * One fact: a chunk of one, so HTTP and Kafka share every rule — the receipt in the stream of
 * (source, id) is the dedupe, a redelivery answers `duplicate`, other content under the same key
 * is a `conflict` kept beside it, and only a service bound to the fact's source may report it
 * (CiFactRecorder, CiFactBatch). A refusal is thrown, for the HTTP problem document.
 */
@CommandHandler(RecordCiFactCommand)
export class RecordCiFactHandler implements ICommandHandler<
  RecordCiFactCommand,
  RecordCiFactResult
> {
  constructor(private readonly recorder: CiFactRecorder) {}

  async execute({ fact, origin, raw }: RecordCiFactCommand): Promise<RecordCiFactResult> {
    const [outcome] = await this.recorder.record([{ fact, origin, raw }]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.result;
  }
}

/** A Kafka chunk: each message answered on its own, in the order given. */
@CommandHandler(RecordCiFactsCommand)
export class RecordCiFactsHandler implements ICommandHandler<
  RecordCiFactsCommand,
  CiEventOutcome[]
> {
  constructor(private readonly recorder: CiFactRecorder) {}

  execute({ events }: RecordCiFactsCommand): Promise<CiEventOutcome[]> {
    return this.recorder.record(events);
  }
}
