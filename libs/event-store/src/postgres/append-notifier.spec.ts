import { AppendNotifier } from './append-notifier';

/** A send whose completion the test decides. */
function controlledSend() {
  const calls: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const send = () =>
    new Promise<void>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { send, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AppendNotifier', () => {
  describe('when appends commit while a notification is in flight', () => {
    it('sends exactly one more after it, for all of them', async () => {
      const { send, calls } = controlledSend();
      const notifier = new AppendNotifier(send, 0);

      notifier.wake();
      notifier.wake();
      notifier.wake();
      expect(calls).toHaveLength(1);

      calls[0]!.resolve();
      await settle();
      expect(calls).toHaveLength(2);
      calls[1]!.resolve();
      await settle();
      expect(calls).toHaveLength(2);
    });
  });

  describe('when appends follow each other within the interval', () => {
    it('announces the first at once and the rest together once the interval has passed', async () => {
      const { send, calls } = controlledSend();
      const notifier = new AppendNotifier(send, 60);

      notifier.wake();
      calls[0]!.resolve();
      await settle();
      notifier.wake();
      notifier.wake();
      await settle();
      expect(calls).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, 90));
      expect(calls).toHaveLength(2);
    });
  });

  describe('when a notification fails', () => {
    it('still sends the next one', async () => {
      const { send, calls } = controlledSend();
      const notifier = new AppendNotifier(send, 0);

      notifier.wake();
      calls[0]!.reject(new Error('connection lost'));
      await settle();
      notifier.wake();
      expect(calls).toHaveLength(2);
    });
  });

  describe('when it closes', () => {
    it('sends what is pending, then nothing more', async () => {
      const { send, calls } = controlledSend();
      const notifier = new AppendNotifier(send, 10_000);

      notifier.wake();
      calls[0]!.resolve();
      await settle();
      notifier.wake(); // held back by the interval
      const closing = notifier.close();
      await settle();
      expect(calls).toHaveLength(2);
      calls[1]!.resolve();
      await closing;

      notifier.wake();
      expect(calls).toHaveLength(2);
    });
  });
});
