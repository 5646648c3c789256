import { agencyFiguresResponse, bankFiguresResponse, categoryFiguresResponse, districtFiguresResponse } from '../../api/schemas/figures';
import { districts } from '../../domain/vocabulary';
import { tehran } from '../domain/calendar/tehran';
import { type ApiHarness, as, type CallerName, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';
import { handBank, handExpected, handPeriod, seedHandCases } from './support/figures/hand-cases';
import { expectedFigures, type OracleFilters } from './support/figures/oracle';
import { figuresOf, periodOf } from './support/figures/requests';
import { seedPopulation } from './support/figures/population';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
  const { prisma } = api.harness;
  // Beside the harness's two agencies and two banks: a support institution, and a bank with no case at all.
  await prisma.organization.createMany({
    data: [
      { id: 'org-alavi', kind: 'support_institution', name: 'Alavi Foundation, "Lahijan"', nameFa: 'بنیاد علوی' },
      { id: 'org-bank-keshavarzi', kind: 'bank', name: 'Bank Keshavarzi', nameFa: 'بانک کشاورزی' },
      { id: 'org-bank-mehr', kind: 'bank', name: 'Mehr Iran, Lahijan', nameFa: 'بانک مهر ایران' },
    ],
  });
  await seedPopulation(prisma, { agencies: ['org-relief-committee', 'org-welfare', 'org-alavi'], banks: ['org-bank-melli', 'org-bank-sepah', 'org-bank-keshavarzi'] }, 400, 1405);
  await seedHandCases(prisma, 'org-relief-committee', districts[0]);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const figures = (caller: CallerName, path: string) => figuresOf(api, caller, path);

describe('every figure agrees with an independent SQL query', () => {
  test.each([
    ['banks', 'year=1405&quarter=1'],
    ['banks', 'from=2025-06-01&to=2026-01-15'],
    ['agencies', 'year=1404&quarter=4'],
    ['agencies', 'from=2025-06-01&to=2026-01-15'],
  ] as const)('/figures/%s?%s', async (family, query) => {
    const answer = await figures('official', `/figures/${family}?${query}`);
    const period = periodOf(query);
    const expected = await expectedFigures(api.harness.prisma, family, period.from, period.to);
    expect(answer.organizations).toEqual(expected.organizations);
    expect(answer.county).toEqual(expected.county);
    expect(answer.period).toEqual({ from: period.from.toISOString(), to: period.to.toISOString(), label: period.label });
    // The population is big enough that these figures are no coincidence of zeros.
    const busiest = family === 'banks' ? answer.county.referred : answer.county.submitted;
    expect(busiest).toBeGreaterThan(20);
  });

  test('sums of rials beyond 2^53 are exact, as strings of digits', async () => {
    const { county } = await figures('admin', '/figures/banks?from=2025-01-01&to=2027-06-01');
    expect(county.approved.amount).toMatch(/^\d+$/);
    expect(BigInt(county.approved.amount)).toBeGreaterThan(2n ** 53n);
    const { county: expected } = await expectedFigures(api.harness.prisma, 'banks', new Date('2025-01-01'), new Date('2027-06-01'));
    expect(county.approved.amount).toBe((expected.approved as { amount: string }).amount);
  });

  test('over both years the population gives every county figure something to count', async () => {
    const leaves = (row: object): [string, unknown][] => Object.entries(row).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? leaves(v).map(([p, x]): [string, unknown] => [`${k}.${p}`, x]) : [[k, v]]));
    for (const family of ['banks', 'agencies']) {
      const { county } = await figures('official', `/figures/${family}?from=2025-03-21&to=2027-03-21`);
      expect(leaves(county).filter(([, value]) => value === 0 || value === '0' || value === '0.0000')).toEqual([]);
    }
  });

  test('the Jalali labels of the periods are given back', async () => {
    expect((await figures('official', '/figures/banks?year=1405&quarter=2')).period).toEqual({ from: tehran('1405/04/01').toISOString(), to: tehran('1405/07/01').toISOString(), label: '1405-Q2' });
    expect((await figures('official', '/figures/agencies?year=1404&month=12')).period.label).toBe('1404-12');
    expect((await figures('official', '/figures/agencies')).period.label).toMatch(/^14\d\d$/);
  });
});

describe('step times, stalled cases and filters', () => {
  test('the working days of a bank\'s steps are those worked out by hand: median and 90th percentile, the agency\'s answering time left out', async () => {
    const { organizations } = await figures('official', `/figures/banks?${handPeriod}`);
    const tiny = organizations.find((o: { organizationId: string }) => o.organizationId === handBank.id);
    expect(tiny.workingDaysPerStep.acknowledge).toEqual(handExpected.acknowledge);
    expect(tiny.workingDaysPerStep.documents).toEqual(handExpected.documents);
    expect(tiny.workingDaysPerStep.decision).toEqual({ waits: 0, median: null, p90: null });
    expect(tiny.stalledNow).toBe(handExpected.stalledNow);
    // Filtered to that bank, the county is that bank: percentiles over its waits alone.
    const only = await figures('official', `/figures/banks?${handPeriod}&bankId=${handBank.id}`);
    expect(only.filters).toEqual({ bankId: handBank.id });
    expect(only.county.workingDaysPerStep.acknowledge).toEqual(handExpected.acknowledge);
    expect(only.county.stalledNow).toBe(handExpected.stalledNow);
    expect(only.county.referred).toBe(tiny.referred);
  });

  test('every family\'s answer, filtered or not, is what its OpenAPI response schema says', async () => {
    const schemas = { banks: bankFiguresResponse, agencies: agencyFiguresResponse, categories: categoryFiguresResponse, districts: districtFiguresResponse };
    for (const [family, schema] of Object.entries(schemas)) {
      for (const query of [handPeriod, `year=1405&bankId=${handBank.id}&stage=bank_review`, 'year=1390']) {
        const body = await figures('official', `/figures/${family}?${query}`);
        expect(schema.safeParse(body).error).toBeUndefined();
      }
    }
  });

  test('the population has stalled cases and step times for the oracle to check', async () => {
    const { county } = await figures('official', '/figures/banks?from=2025-03-21&to=2027-03-21');
    expect(county.stalledNow).toBeGreaterThan(5);
    for (const kind of ['acknowledge', 'documents', 'credit_assessment', 'decision', 'disbursement']) {
      expect(county.workingDaysPerStep[kind].waits).toBeGreaterThan(20);
      expect(county.workingDaysPerStep[kind].p90).toBeGreaterThan(county.workingDaysPerStep[kind].median);
    }
  });

  const filtered: [string, OracleFilters][] = [
    ['banks', { district: districts[0] }],
    ['banks', { stage: 'bank_review', category: 'handicrafts' }],
    ['banks', { agencyId: 'org-welfare', bankId: 'org-bank-sepah' }],
    ['agencies', { bankId: 'org-bank-melli' }],
    ['agencies', { stage: 'closed', district: districts[1]! }],
    ['agencies', { category: 'agricultural', agencyId: 'org-alavi' }],
  ];
  test.each(filtered)('/figures/%s with the listing\'s filters %j agrees with the oracle', async (family, filters) => {
    const query = `from=2025-03-21&to=2027-03-21&${new URLSearchParams(filters as Record<string, string>)}`;
    const answer = await figures('official', `/figures/${family}?${query}`);
    const period = periodOf('from=2025-03-21&to=2027-03-21');
    const expected = await expectedFigures(api.harness.prisma, family as 'banks' | 'agencies', period.from, period.to, filters);
    expect(answer.filters).toEqual(filters);
    expect(answer.organizations).toEqual(expected.organizations);
    expect(answer.county).toEqual(expected.county);
    // A filter restricts: fewer counted than without it, and still something.
    const unfiltered = await figures('official', `/figures/${family}?from=2025-03-21&to=2027-03-21`);
    const busiest = (body: { county: { referred?: number; submitted?: number } }) => body.county.referred ?? body.county.submitted ?? 0;
    expect(busiest(answer)).toBeLessThan(busiest(unfiltered));
    expect(busiest(answer)).toBeGreaterThan(0);
  });

  test.each([
    ['stage=nowhere', 'query.stage'],
    ['district=atlantis', 'query.district'],
    ['category=mining', 'query.category'],
    ['bankId=' + 'x'.repeat(65), 'query.bankId'],
    ['agencyId=', 'query.agencyId'],
  ])('?%s is a 422 naming %s, as CSV too', async (query, field) => {
    for (const family of ['banks', 'agencies', 'categories', 'districts']) {
      for (const format of ['', '&format=csv']) {
        const res = await as(api, 'official').get(`/figures/${family}?year=1405&${query}${format}`);
        expect(res.status).toBe(422);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    }
  });
});

describe('who sees what', () => {
  const ids = (body: { organizations: { organizationId: string }[] }) => body.organizations.map((o) => o.organizationId);

  test('officials and admins see every bank and every agency and support institution', async () => {
    for (const caller of ['official', 'admin'] as const) {
      expect(ids(await figures(caller, '/figures/banks?year=1405'))).toEqual(['org-bank-keshavarzi', 'org-bank-mehr', 'org-bank-melli', 'org-bank-sepah', 'org-bank-tiny']);
      expect(ids(await figures(caller, '/figures/agencies?year=1405'))).toEqual(['org-alavi', 'org-relief-committee', 'org-welfare']);
    }
  });

  test('a bank sees its own row and the county totals, an agency the same of its own', async () => {
    const all = await figures('official', '/figures/banks?year=1405');
    const own = await figures('bank', '/figures/banks?year=1405');
    expect(ids(own)).toEqual(['org-bank-melli']);
    expect(own.county).toEqual(all.county);
    expect(ids(await figures('otherBank', '/figures/banks?year=1405'))).toEqual(['org-bank-sepah']);
    expect(ids(await figures('agency', '/figures/agencies?year=1405'))).toEqual(['org-relief-committee']);
    expect(ids(await figures('otherAgency', '/figures/agencies?year=1405'))).toEqual(['org-welfare']);
    // Nobody else's row: an agency reads the banks' county totals only, and a bank the agencies'.
    expect(ids(await figures('agency', '/figures/banks?year=1405'))).toEqual([]);
    expect((await figures('bank', '/figures/agencies?year=1405')).county.submitted).toBeGreaterThan(0);
    expect(ids(await figures('bank', '/figures/agencies?year=1405'))).toEqual([]);
  });
});

describe('CSV', () => {
  const leaves = (row: object, prefix = ''): [string, string][] =>
    Object.entries(row).flatMap(([k, v]): [string, string][] => (v !== null && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v === null ? '' : String(v)]]));
  const parseCsv = (text: string): string[][] =>
    text.trimEnd().split('\r\n').map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell = '']) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell)));

  test.each(['banks', 'agencies'] as const)('/figures/%s as CSV starts with a BOM and parses back to the JSON numbers, the county last', async (family) => {
    const json = await figures('official', `/figures/${family}?year=1405&quarter=1`);
    const res = await as(api, 'official').get(`/figures/${family}?year=1405&quarter=1&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="figures-${family}-1405-Q1.csv"`);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(res.text.slice(1));
    const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]])));
    const expected = [...json.organizations, { organizationId: 'county', kind: 'county', name: 'County total', nameFa: 'جمع شهرستان', ...json.county }];
    expect(records).toEqual(expected.map((row) => Object.fromEntries(leaves(row))));
    expect(header).toContain(family === 'banks' ? 'approved.amount' : 'shareOfCountyJobsConfirmed');
    expect(records.flatMap((r) => Object.values(r)).join('')).not.toMatch(/[۰-۹]/);
  });

  test('Accept: text/csv chooses CSV too, and explicit dates name the file', async () => {
    const res = await as(api, 'bank').get('/figures/banks?from=2026-03-21&to=2026-04-01').set('Accept', 'text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="figures-banks-2026-03-21_2026-04-01.csv"');
    expect(res.text.split('\r\n').map((line) => line.split(',')[0])).toEqual(['\uFEFForganizationId', 'org-bank-melli', 'county', '']);
  });
});

describe('a period the query cannot name is a 422 naming the parameter', () => {
  test.each([
    ['quarter=2', 'query.year'],
    ['year=1405&month=13', 'query.month'],
    ['year=1405&quarter=1&month=2', 'query.month'],
    ['year=soon', 'query.year'],
    ['from=2026-01-01', 'query.to'],
    ['from=2026-02-30&to=2026-03-01', 'query.from'],
    ['year=1405&format=xlsx', 'query.format'],
  ])('?%s → %s', async (query, field) => {
    const res = await as(api, 'official').get(`/figures/banks?${query}`);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});

test('given an application walked through the real workflow, the bank’s referred, approved and paid move by it', async () => {
  const melli = async () => (await figures('bank', '/figures/banks')).organizations[0];
  const before = await melli();
  const agency = as(api, 'agency');
  const bank = as(api, 'bank');
  const id: string = (await agency.post('/applications', submissionRequest())).body.id;
  const step = async (who: typeof agency, segment: string, body: object) => expect((await who.post(`/applications/${id}/steps/${segment}`, body)).status).toBe(200);
  await step(agency, 'categorize', { category: 'handicrafts', priority: 'high', bankId: 'org-bank-melli' });
  await step(bank, 'acknowledge-receipt', {});
  await step(bank, 'check-documents', { guaranteesAccepted: true });
  await step(bank, 'assess-credit', { creditScore: 720 });
  await step(bank, 'approve', { amount: '120000000000', terms: '4% over 5 years' });
  await step(bank, 'sign-contract', { contractNumber: 'MELLI-1' });
  await step(bank, 'disburse-tranche', { amount: '50000000000', paymentReference: 'PAY-FIG-1' });

  const expected = {
    referred: before.referred + 1,
    acknowledged: before.acknowledged + 1,
    approved: { count: before.approved.count + 1, amount: (BigInt(before.approved.amount) + 120_000_000_000n).toString() },
    contractsSigned: before.contractsSigned + 1,
    paid: { tranches: before.paid.tranches + 1, amount: (BigInt(before.paid.amount) + 50_000_000_000n).toString() },
    approvedUnpaidAmount: (BigInt(before.approvedUnpaidAmount) + 70_000_000_000n).toString(),
  };
  // The audit trail is written by the workflow's activity just after the step is accepted.
  const deadline = Date.now() + 15_000;
  let after = await melli();
  while (JSON.stringify(pick(after, expected)) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await melli();
  }
  expect(pick(after, expected)).toEqual(expected);
});

const pick = (row: Record<string, unknown>, like: object) => Object.fromEntries(Object.keys(like).map((k) => [k, row[k]]));
