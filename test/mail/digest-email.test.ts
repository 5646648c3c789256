import { ConfigError, loadConfig } from '../../config/config';
import { weekEndedBefore } from '../../domain/figures/week';
import { renderDigestEmail, type WeeklyDigest } from '../../mail/digest-email';

const links = { PUBLIC_BASE_URL: 'https://loans.lahijan.example/', TEMPORAL_UI_URL: 'http://ui.example', TEMPORAL_NAMESPACE: 'default' };

function aDigest(overrides: Partial<WeeklyDigest> = {}): WeeklyDigest {
  const week = weekEndedBefore(new Date('2026-11-28T04:30:00Z'));
  return {
    week: { from: week.from.toISOString(), to: week.to.toISOString(), label: week.label },
    asOf: '2026-11-28T04:30:05Z',
    county: { submitted: 0, approved: { count: 0, amount: '0' }, paid: { tranches: 0, amount: '0' }, rejectedByReason: {}, escalations: 0, stalledNow: 0 },
    longestStalled: [],
    ...overrides,
  };
}

describe('the week a digest reports', () => {
  test.each([
    // Saturday 08:00 Tehran (04:30 UTC): the week that ended at midnight, Saturday 30 Aban to Friday 6 Azar 1405.
    ['2026-11-28T04:30:00Z', '1405-08-30..1405-09-06', '2026-11-20T20:30:00.000Z', '2026-11-27T20:30:00.000Z'],
    // Saturday 00:00 Tehran exactly: the new week has begun, so the one just ended is reported.
    ['2026-11-27T20:30:00Z', '1405-08-30..1405-09-06', '2026-11-20T20:30:00.000Z', '2026-11-27T20:30:00.000Z'],
    // Friday 23:59 Tehran: the week is not over yet, so the one before it.
    ['2026-11-27T20:29:59Z', '1405-08-23..1405-08-29', '2026-11-13T20:30:00.000Z', '2026-11-20T20:30:00.000Z'],
    // A manual run on Wednesday reports the same week as the Saturday before.
    ['2026-12-02T09:00:00Z', '1405-08-30..1405-09-06', '2026-11-20T20:30:00.000Z', '2026-11-27T20:30:00.000Z'],
    // Across Nowruz: the week from Saturday 29 Esfand 1405 (the year's last day) to Friday 6 Farvardin 1406.
    ['2027-03-27T10:00:00Z', '1405-12-29..1406-01-06', '2027-03-19T20:30:00.000Z', '2027-03-26T20:30:00.000Z'],
  ])('at %s it is %s', (at, label, from, to) => {
    expect(weekEndedBefore(new Date(at))).toEqual({ label, from: new Date(from), to: new Date(to) });
  });
});

describe('renderDigestEmail', () => {
  test('given text from users in a stalled case, it stays on one line and is escaped in the HTML', () => {
    const digest = aDigest({
      county: { ...aDigest().county, stalledNow: 1 },
      longestStalled: [
        {
          applicationId: 'app-1',
          agencyReference: 'REF-1\r\nBcc: attacker@evil.example <script>alert(1)</script>',
          holder: { id: 'org-x', name: 'Bank "X"', nameFa: '' },
          waitingFor: 'bank_review.decision',
          workingDaysWaited: 12,
          escalationLevel: 4,
        },
      ],
    });

    const { subject, text, html } = renderDigestEmail(digest, links);

    expect(subject).not.toMatch(/[\r\n]/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('REF-1 Bcc: attacker@evil.example &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toMatch(/^Bcc:/m);
    // An organization without a Persian name is shown by its name in both languages.
    expect(html).toContain('Bank &quot;X&quot;');
    expect(html).toContain('href="https://loans.lahijan.example/applications/app-1"');
    expect(text).toContain('Working days waited: 12 | Escalation: abandoned after the most escalations allowed');
    expect(text).toContain('روزهای کاری انتظار: ۱۲ | ارجاع: رهاشده پس از حداکثر ارجاع');
    expect(text).toContain("Waiting for: the bank's decision");
  });

  test('given a quiet week, it says so in both languages rather than send an empty table', () => {
    const { text, html } = renderDigestEmail(aDigest(), links);

    expect(text).toContain('Rejected, by reason: none');
    expect(text).toContain('No case is past its deadline.');
    expect(text).toContain('هیچ پرونده‌ای از مهلت خود نگذشته است.');
    expect(html).not.toContain('<a ');
    expect(text).toContain('week 1405/08/30 – 1405/09/06 (2026/11/21 – 2026/11/27)');
    expect(text).toContain('هفته ۱۴۰۵/۰۸/۳۰ – ۱۴۰۵/۰۹/۰۶ (۲۰۲۶/۱۱/۲۱ – ۲۰۲۶/۱۱/۲۷)');
  });
});

describe('DIGEST_SCHEDULE', () => {
  test('given a weekday and a time, the Schedule runs then; given anything else, start-up names the variable', () => {
    expect(loadConfig({}).DIGEST_SCHEDULE).toEqual({ dayOfWeek: 'SATURDAY', hour: 8, minute: 0 });
    expect(loadConfig({ DIGEST_SCHEDULE: 'Thursday 17:45' }).DIGEST_SCHEDULE).toEqual({ dayOfWeek: 'THURSDAY', hour: 17, minute: 45 });
    for (const wrong of ['saturday', 'someday 08:00', 'saturday 24:00', 'saturday 08:60']) {
      const error = (() => {
        try {
          return loadConfig({ DIGEST_SCHEDULE: wrong });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['DIGEST_SCHEDULE: must be a weekday and a time, e.g. "saturday 08:00"']);
    }
    expect(loadConfig({ DIGEST_RECIPIENTS: 'a@lahijan.example, b@lahijan.example' }).DIGEST_RECIPIENTS).toEqual(['a@lahijan.example', 'b@lahijan.example']);
  });
});
