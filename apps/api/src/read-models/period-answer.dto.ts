/** The period [from, to) an answer is for, as `periodAnswer()` states it. */
export class AnswerPeriod {
  /** An instant (UTC), inclusive. */
  from!: string;
  /** An instant (UTC), exclusive. */
  to!: string;
  /** Present when neither bound was given: says which period was taken instead. */
  default?: string;
}
