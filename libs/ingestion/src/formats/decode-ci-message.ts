import { type CiFact, InvalidCiEventError } from '@change-ledger/domain';
import { cdEventToFact } from './cdevents';
import { type CiMessage, contentType, isCloudEvent, readCloudEvent } from './cloudevents';
import { NATIVE_CONTENT_TYPE, nativeToFact } from './native';

/**
 * A CI message as the fact it reports: a CloudEvent (binary or structured) carrying a CDEvent,
 * or the native JSON form. Throws InvalidCiEventError, naming every problem, for anything else.
 */
export function decodeCiMessage(message: CiMessage): CiFact {
  if (message.body.length === 0) {
    throw new InvalidCiEventError('INGESTION.UNREADABLE', ['body: empty']);
  }
  if (isCloudEvent(message)) return cdEventToFact(readCloudEvent(message));
  const type = contentType(message);
  if (type === null || type === 'application/json' || type === NATIVE_CONTENT_TYPE) {
    return nativeToFact(message.body);
  }
  throw new InvalidCiEventError('INGESTION.UNREADABLE', [
    `content-type: ${type} is neither a CloudEvent (ce_* headers or application/cloudevents+json) nor JSON`,
  ]);
}
