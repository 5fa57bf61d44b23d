import { type Policy } from '../../policy/policy';
import {
  approve,
  berlinCalendar,
  changeManager,
  ciso,
  command,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  lead,
  manager,
  policy,
  refusedWith,
  requester,
  standardTemplates,
  stateAfter,
  type Step,
  when,
} from '../testing/specs';

const withCalendar: Policy = { ...policy, calendar: berlinCalendar };

const scheduleAt = (scheduledFor: string, scheduledUntil: string | null = null) =>
  command('ScheduleChange', {
    scheduledFor,
    scheduledUntil,
    maintenanceWindow: false,
    policy: withCalendar,
  });

/** Monday 27 January 2025, 10:00 UTC: when the scheduler asks (the injected clock). */
const MONDAY = '2025-01-27T10:00:00.000Z';
const approvedChange = () => given([requester, create()], ...fullyApproved());

const refused = (step: Step, at = MONDAY, history = approvedChange()) => {
  const error = refusedWith(history, step, at);
  return {
    code: error.code,
    kind: error.kind,
    field: error.fields[0]?.field,
    rules: (error.context.problems as Array<{ rule: string }>).map((problem) => problem.rule),
    nextStarts: (error.context.nextSlots as Array<{ start: string }>).map((slot) => slot.start),
  };
};

describe('ChangeRequest', () => {
  describe('when an approved normal change is scheduled against the calendar', () => {
    it('takes a window inside a maintenance window, 24 hours ahead, and records its end', () => {
      const events = when(
        approvedChange(),
        [changeManager, scheduleAt('2025-01-30T01:00:00Z')],
        MONDAY,
      );
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeScheduled',
          data: expect.objectContaining({
            scheduledFor: '2025-01-30T01:00:00Z',
            scheduledUntil: '2025-01-30T03:00:00.000Z',
            maintenanceWindow: true,
            slot: 'maintenance_window',
            blackoutOverrides: [],
          }),
        }),
      ]);
    });

    it('refuses a time inside the notice period, with the next slots after it', () => {
      // Tuesday 02:00 Berlin is 15 hours away: too soon; Thursday's window is the next one.
      expect(refused([changeManager, scheduleAt('2025-01-28T01:00:00Z')])).toEqual({
        code: 'CHANGE_REQUEST.SCHEDULE_NOT_ALLOWED',
        kind: 'invalid',
        field: 'scheduled_for',
        rules: ['notice_period'],
        nextStarts: [
          '2025-01-30T01:00:00.000Z',
          '2025-02-04T01:00:00.000Z',
          '2025-02-06T01:00:00.000Z',
        ],
      });
    });

    it('refuses a time outside the maintenance window a normal change must use', () => {
      expect(refused([changeManager, scheduleAt('2025-01-30T12:00:00Z')])).toMatchObject({
        rules: ['maintenance_window'],
        nextStarts: [
          '2025-01-30T01:00:00.000Z',
          '2025-02-04T01:00:00.000Z',
          '2025-02-06T01:00:00.000Z',
        ],
      });
    });

    it('refuses a window that runs past the end of the maintenance window', () => {
      expect(
        refused([changeManager, scheduleAt('2025-01-30T02:00:00Z', '2025-01-30T03:30:00Z')]).rules,
      ).toEqual(['maintenance_window']);
    });

    it('keeps the window at 02:00 Berlin time across the change to summer time', () => {
      // 1 April 2025 is a Tuesday in CEST (UTC+2): the window opens at 00:00 UTC, not 01:00.
      const march = '2025-03-28T10:00:00.000Z';
      expect(
        when(approvedChange(), [changeManager, scheduleAt('2025-04-01T00:00:00Z')], march),
      ).toHaveLength(1);
      expect(refused([changeManager, scheduleAt('2025-04-01T01:00:00Z')], march)).toMatchObject({
        rules: ['maintenance_window'],
        nextStarts: [
          '2025-04-01T00:00:00.000Z',
          '2025-04-03T00:00:00.000Z',
          '2025-04-08T00:00:00.000Z',
        ],
      });
    });

    it('refuses a time in a blackout, with the next slots after it ends', () => {
      const december = '2025-12-15T10:00:00.000Z';
      expect(refused([changeManager, scheduleAt('2025-12-23T01:00:00Z')], december)).toEqual(
        expect.objectContaining({
          rules: ['blackout'],
          // Thursday the 18th is before the freeze; it ends on 5 January 00:00 Berlin, and the first
          // window after it is Tuesday the 6th.
          nextStarts: [
            '2025-12-18T01:00:00.000Z',
            '2026-01-06T01:00:00.000Z',
            '2026-01-08T01:00:00.000Z',
          ],
        }),
      );
    });

    it('lets a role the blackout names override it, and records that it did', () => {
      const events = when(
        approvedChange(),
        [ciso, scheduleAt('2025-12-23T01:00:00Z')],
        '2025-12-15T10:00:00.000Z',
      );
      expect(events[0]!.data).toMatchObject({
        blackoutOverrides: [{ blackout: 'year-end freeze', allowedAs: 'ciso' }],
      });
    });

    it('names every rule a time breaks at once', () => {
      expect(
        refused([changeManager, scheduleAt('2025-12-20T12:00:00Z')], '2025-12-20T10:00:00.000Z')
          .rules,
      ).toEqual(['notice_period', 'blackout', 'maintenance_window']);
    });
  });

  describe('when an emergency change is scheduled', () => {
    it('passes in a blackout, outside the windows and within the notice period (003 §5)', () => {
      const history = given(
        [requester, createEmergency(hotfix)],
        [lead, approve()],
        [manager, approve()],
        [ciso, approve()],
      );
      expect(stateAfter(history).status).toBe('approved');
      const events = when(
        history,
        [changeManager, scheduleAt('2025-12-23T15:30:00Z')],
        '2025-12-23T15:00:00.000Z',
      );
      expect(events[0]!.data).toMatchObject({
        slot: null,
        blackoutOverrides: [{ blackout: 'year-end freeze', allowedAs: 'emergency' }],
      });
    });
  });

  describe('when a standard change is scheduled', () => {
    const standard = () =>
      given([
        requester,
        command('CreateChangeRequest', {
          content: {
            title: 'Bump lodash',
            description: 'Patch update',
            changeType: 'bugfix',
            category: 'standard',
            standardTemplateId: 'dependency-update',
            priority: 'low',
            riskLevel: 'low',
            testPlan: 'CI suite green',
            affectedSystems: ['admin-ui'],
          },
          submit: true,
          policy: withCalendar,
          standardTemplates,
        }),
      ]);

    it('runs in business hours (OPS-01), in Berlin time', () => {
      expect(
        when(standard(), [requester, scheduleAt('2025-01-29T08:00:00Z')], MONDAY),
      ).toHaveLength(1);
      // Saturday is no business day: the next slot is Monday 09:00 Berlin.
      expect(
        refused([requester, scheduleAt('2025-02-01T10:00:00Z')], MONDAY, standard()),
      ).toMatchObject({
        rules: ['business_hours'],
        nextStarts: [
          '2025-01-28T10:00:00.000Z',
          '2025-01-29T08:00:00.000Z',
          '2025-01-30T08:00:00.000Z',
        ],
      });
    });
  });

  describe('when the schedule names no valid window', () => {
    it('refuses an end before the start, naming scheduled_until', () => {
      const error = refusedWith(
        approvedChange(),
        [changeManager, scheduleAt('2025-01-30T02:00:00Z', '2025-01-30T01:00:00Z')],
        MONDAY,
      );
      expect(error.fields).toEqual([
        { field: 'scheduled_until', reason: 'must be after scheduled_for' },
      ]);
    });
  });
});
