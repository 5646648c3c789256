import { type EscalationEmailInput, escalationLinks, renderEscalationEmail } from '../../mail/escalation-email';
import { notifyConfig } from './seed';

const input = (overrides: Partial<EscalationEmailInput> = {}): EscalationEmailInput => ({
  applicationId: '3f2a9c1e-0b7d-4e55-9a61-2c8d4f0e7b13',
  agencyReference: 'REF-7',
  applicantInitials: 'Reza "R" O\'Neil & Sons',
  waitingFor: 'categorization',
  holder: { id: 'org-relief', name: 'Relief <Committee>', nameFa: 'کمیته امداد' },
  level: 'province',
  round: 2,
  workingDaysWaited: 3.5,
  waitingSince: new Date('2026-03-20T20:29:00Z'),
  deadline: new Date('2026-03-20T20:31:00Z'),
  ...overrides,
});

describe('the escalation email', () => {
  test('escapes every value in the HTML part', () => {
    const { html } = renderEscalationEmail(input(), notifyConfig);

    expect(html).toContain('Reza &quot;R&quot; O&#39;Neil &amp; Sons');
    expect(html).toContain('Relief &lt;Committee&gt;');
    expect(html).not.toContain('<Committee>');
  });

  test('shows the repeat, fractional working days and Tehran dates across the Nowruz boundary', () => {
    const { text, subject } = renderEscalationEmail(input(), notifyConfig);

    expect(subject).toContain('ارجاع به اداره کل تعاون، کار و رفاه اجتماعی استان (تکرار ۲)');
    expect(text).toContain('۳٫۵ روز کاری');
    expect(text).toContain('3.5 working days');
    // 20:29 UTC on 20 March is 23:59 on the last day of 1404 in Tehran; two minutes later it is 1 Farvardin 1405.
    expect(text).toContain('در انتظار از: ۱۴۰۴/۱۲/۲۹ ساعت ۲۳:۵۹');
    expect(text).toContain('مهلت: ۱۴۰۵/۰۱/۰۱ ساعت ۰۰:۰۱');
    expect(text).toContain('Deadline: 2026/03/21 00:01 Tehran time (Jalali: 1405/01/01)');
  });

  test('an unknown wait kind is shown as it is, cleaned', () => {
    const { subject, text } = renderEscalationEmail(input({ waitingFor: 'custom_step\r\nX: y' }), notifyConfig);

    expect(subject).toContain('custom_step X: y');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('Waiting for: custom_step X: y');
  });

  test('the abandoned notice says, in Persian and then in English, that no more reminders will come and the case is flagged as abandoned', () => {
    const { subject, text, html } = renderEscalationEmail(input({ level: 'abandoned', round: 0 }), notifyConfig);

    expect(subject).toMatch(/^پرونده رهاشده پس از حداکثر ارجاع: .* \| Abandoned after the most escalations allowed: /);
    const persian = 'این پرونده به حداکثر دفعات مجاز ارجاع شده و همچنان هیچ اقدامی روی آن انجام نشده است.';
    const english = 'This application has been escalated the maximum number of times without any movement.';
    expect(text.indexOf(persian)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(persian)).toBeLessThan(text.indexOf(english));
    expect(text).toContain('No more reminders will be sent for this wait, and the case is flagged as abandoned in the figures.');
    expect(text).toContain('سطح: پرونده رهاشده پس از حداکثر ارجاع');
    expect(html).toMatch(/<div dir="rtl" lang="fa"[^>]*>\s*<p>این پرونده به حداکثر دفعات مجاز/);
  });

  test('links encode the ids into the API and Temporal Web UI addresses', () => {
    expect(escalationLinks('a/b', { ...notifyConfig, PUBLIC_BASE_URL: 'https://x.example/', TEMPORAL_NAMESPACE: 'loans prod' })).toEqual({
      application: 'https://x.example/applications/a%2Fb',
      history: 'http://temporal-ui.lahijan.example:8233/namespaces/loans%20prod/workflows/loan-application-a%2Fb',
    });
  });
});
