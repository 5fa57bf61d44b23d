import { SampleAnswer } from '../sample.response.dto';

/** The sample drawn, with the log's signed receipt for the event that recorded it. */
export class DrawnSampleAnswer extends SampleAnswer {
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt!: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
