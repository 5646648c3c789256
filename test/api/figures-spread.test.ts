import { categories, districts } from '../../domain/vocabulary';
import { type ApiHarness, as, type CallerName, startApiHarness } from './support/api-harness';
import { expectedSpread } from './support/figures/oracle';
import { figuresOf, periodOf } from './support/figures/requests';
import { seedPopulation } from './support/figures/population';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
  await seedPopulation(api.harness.prisma, { agencies: ['org-relief-committee', 'org-welfare'], banks: ['org-bank-melli', 'org-bank-sepah'] }, 400, 1406);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const figures = (caller: CallerName, path: string) => figuresOf(api, caller, path);

describe('every figure per category and per district agrees with an independent SQL query', () => {
  test.each([
    ['categories', 'year=1405&quarter=1'],
    ['categories', 'from=2025-06-01&to=2026-01-15'],
    ['districts', 'year=1405&quarter=1'],
    ['districts', 'from=2025-06-01&to=2026-01-15'],
  ] as const)('/figures/%s?%s', async (family, query) => {
    const answer = await figures('official', `/figures/${family}?${query}`);
    const period = periodOf(query);
    const expected = await expectedSpread(api.harness.prisma, family, period.from, period.to);
    expect(answer[family]).toEqual(expected[family]);
    expect(answer.county).toEqual(expected.county);
    expect(answer.period).toEqual({ from: period.from.toISOString(), to: period.to.toISOString(), label: period.label });
    // One row per word of the vocabulary, in its order, and the population spreads over several of them.
    const key = family === 'categories' ? 'category' : 'district';
    expect(answer[family].map((row: Record<string, string>) => row[key])).toEqual([...(family === 'categories' ? categories : districts)]);
    expect(answer.county.applications).toBeGreaterThan(20);
    expect(answer[family].filter((row: { approvals: number }) => row.approvals > 0).length).toBeGreaterThan(3);
  });

  test('over both years every county figure has something to count, and sums of rials stay exact', async () => {
    for (const family of ['categories', 'districts'] as const) {
      const { county } = await figures('official', `/figures/${family}?from=2025-03-21&to=2027-03-21`);
      expect(Object.entries(county).filter(([, value]) => value === 0 || value === '0')).toEqual([]);
      expect(BigInt(county.approvedAmount)).toBeGreaterThan(2n ** 53n);
      expect(BigInt(county.paidAmount)).toBeGreaterThan(2n ** 53n);
    }
  });

  test('applications not yet categorized count under their district but under no category', async () => {
    const byCategory = await figures('official', '/figures/categories?year=1405');
    const byDistrict = await figures('official', '/figures/districts?year=1405');
    const uncategorized = await api.harness.prisma.application.count({ where: { category: null, submittedAt: { gte: new Date(byDistrict.period.from), lt: new Date(byDistrict.period.to) } } });
    expect(uncategorized).toBeGreaterThan(0);
    expect(byDistrict.county.applications - byCategory.county.applications).toBe(uncategorized);
    // Approvals and payments come after categorizing, so both views count the same money.
    expect(byCategory.county.approvedAmount).toBe(byDistrict.county.approvedAmount);
    expect(byCategory.county.paidAmount).toBe(byDistrict.county.paidAmount);
  });
});

describe('the listing\'s filters restrict the applications counted', () => {
  test.each([
    ['categories', { district: districts[0] }],
    ['categories', { bankId: 'org-bank-melli', stage: 'closed' }],
    ['districts', { agencyId: 'org-welfare' }],
    ['districts', { category: 'tourism', bankId: 'org-bank-sepah' }],
  ] as const)('/figures/%s?%j agrees with the oracle', async (family, filters) => {
    const query = `from=2025-03-21&to=2027-03-21&${new URLSearchParams(filters as Record<string, string>)}`;
    const answer = await figures('official', `/figures/${family}?${query}`);
    const period = periodOf('from=2025-03-21&to=2027-03-21');
    const expected = await expectedSpread(api.harness.prisma, family, period.from, period.to, filters);
    expect(answer.filters).toEqual(filters);
    expect(answer[family]).toEqual(expected[family]);
    expect(answer.county).toEqual(expected.county);
    const all = await figures('official', `/figures/${family}?from=2025-03-21&to=2027-03-21`);
    expect(answer.county.applications).toBeGreaterThan(0);
    expect(answer.county.applications).toBeLessThan(all.county.applications);
  });

  test('filtered to one district, only that district\'s row counts anything', async () => {
    const [district, other] = districts;
    const { districts: rows } = await figures('official', `/figures/districts?year=1405&district=${district}`);
    expect(rows.find((r: { district: string }) => r.district === district).applications).toBeGreaterThan(0);
    expect(rows.find((r: { district: string }) => r.district === other)).toEqual(expect.objectContaining({ applications: 0, approvals: 0, paidAmount: '0' }));
  });

  test('a filter as CSV counts the same as the JSON', async () => {
    const json = await figures('official', `/figures/categories?year=1405&district=${districts[0]}`);
    const res = await as(api, 'official').get(`/figures/categories?year=1405&district=${districts[0]}&format=csv`);
    const county = res.text.trimEnd().split('\r\n').at(-1)!.split(',');
    expect(county).toEqual(['county', ...Object.values(json.county).map(String)]);
  });
});

test('every caller who may read figures sees every category and district', async () => {
  for (const family of ['categories', 'districts']) {
    const all = await figures('official', `/figures/${family}?year=1405`);
    for (const caller of ['admin', 'bank', 'otherBank', 'agency', 'otherAgency'] as const) expect(await figures(caller, `/figures/${family}?year=1405`)).toEqual(all);
  }
});

describe('CSV', () => {
  const parseCsv = (text: string): string[][] =>
    text.trimEnd().split('\r\n').map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell = '']) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell)));

  test.each([
    ['categories', 'category'],
    ['districts', 'district'],
  ] as const)('/figures/%s as CSV starts with a BOM and parses back to the JSON numbers, the county last', async (family, key) => {
    const json = await figures('official', `/figures/${family}?year=1405&quarter=1`);
    const res = await as(api, 'agency').get(`/figures/${family}?year=1405&quarter=1`).set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="figures-${family}-1405-Q1.csv"`);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(res.text.slice(1));
    expect(header).toEqual([key, 'applications', 'approvals', 'approvedAmount', 'paidAmount', 'jobsPromised', 'jobsConfirmed']);
    const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]])));
    const expected = [...json[family], { [key]: 'county', ...json.county }];
    expect(records).toEqual(expected.map((row: object) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)]))));
  });
});

describe('a period the query cannot name is a 422 naming the parameter', () => {
  test.each([
    ['categories', 'year=1405&month=13', 'query.month'],
    ['districts', 'from=2026-01-01', 'query.to'],
    ['districts', 'quarter=2', 'query.year'],
  ])('/figures/%s?%s → %s', async (family, query, field) => {
    const res = await as(api, 'official').get(`/figures/${family}?${query}`);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
