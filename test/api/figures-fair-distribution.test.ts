import censusFileJson from '../../domain/figures/lahijan-areas.json';
import { fairDistribution } from '../../api/figures/fair-distribution';
import { type CensusFile, CensusFileError, checkCensus } from '../../domain/figures/census';
import { districts } from '../../domain/vocabulary';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { seedPopulation } from './support/figures/population';
import { figuresOf, periodOf } from './support/figures/requests';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
  await seedPopulation(api.harness.prisma, { agencies: ['org-relief-committee', 'org-welfare'], banks: ['org-bank-melli', 'org-bank-sepah'] }, 300, 1407);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const realFile = checkCensus(censusFileJson);
const note = { en: 'no figure in this test', fa: 'در این آزمون رقمی نیست' };

/** A census like the real file, with the populations a test needs (null = left out). */
function censusWith(populations: Partial<Record<(typeof districts)[number], number>>): CensusFile {
  return {
    ...realFile,
    areas: districts.map((district) => {
      const population = populations[district] ?? null;
      return { district, name: { en: district, fa: district }, level: 'test', within: null, population, ...(population === null ? { note } : {}) };
    }),
  };
}

/** Shares over the given populations, computed in plain SQL apart from the implementation. */
async function sharesBySql(populations: Record<string, number>, from: Date, to: Date) {
  const values = Object.entries(populations).map(([district, people], n) => `('${district}', ${people}::numeric, ${n})`).join(', ');
  return api.harness.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH pop(district, people, n) AS (VALUES ${values}),
          paid AS (SELECT a.district, sum(d.amount) AS amount FROM disbursements d JOIN applications a ON a.id = d.application_id
                   WHERE d.paid_at >= $1 AND d.paid_at < $2 GROUP BY a.district),
          each AS (SELECT pop.district, pop.people, pop.n, coalesce(paid.amount, 0) AS amount FROM pop LEFT JOIN paid ON paid.district = pop.district),
          total AS (SELECT sum(people) AS people, sum(amount) AS amount FROM each)
     SELECT each.district, each.people::int AS population,
            round(each.people / total.people, 4)::text AS "populationShare",
            each.amount::text AS "paidAmount",
            CASE WHEN total.amount > 0 THEN round(each.amount / total.amount, 4)::text END AS "paidShare",
            CASE WHEN total.amount > 0 THEN round(each.amount * total.people / (total.amount * each.people), 4)::text END AS ratio,
            total.amount > 0 AND 2 * each.amount * total.people < each.people * total.amount AS "belowHalfOfFairShare"
     FROM each CROSS JOIN total ORDER BY each.n`,
    from, to,
  );
}

const withoutNames = (areas: Record<string, unknown>[]) => areas.map(({ name, nameFa, ...rest }) => rest);

describe('fair distribution agrees with an independent SQL computation', () => {
  test.each(['year=1405', 'year=1404&quarter=3', 'from=2025-06-01&to=2026-01-15'])('over the seeded county, %s', async (query) => {
    const populations = { rudboneh: 40_000, lahijan_city: 101_073, baz_kiyagurab: 9_000, shalman: 5_000 };
    const period = periodOf(query);
    const answer = await fairDistribution(api.harness.prisma, period, {}, censusWith(populations));
    const expected = await sharesBySql(Object.fromEntries(districts.filter((d) => d in populations).map((d) => [d, populations[d as keyof typeof populations]])), period.from, period.to);
    expect(withoutNames(answer.areas)).toEqual(expected);
    // The seeded money spreads evenly over the districts, so the big city falls below half and the small area far above.
    expect(answer.areas.find((a) => a.district === 'lahijan_city')!.belowHalfOfFairShare).toBe(true);
    expect(answer.areas.find((a) => a.district === 'shalman')!.belowHalfOfFairShare).toBe(false);
    expect(answer.leftOut.map((a) => a.district)).toEqual(['central', 'liseh_rud', 'leyla_kuh', 'other']);
    const [paidLeftOut] = await api.harness.prisma.$queryRawUnsafe<{ amount: string }[]>(
      `SELECT coalesce(sum(d.amount), 0)::text AS amount FROM disbursements d JOIN applications a ON a.id = d.application_id
       WHERE a.district IN ('central', 'liseh_rud', 'leyla_kuh', 'other') AND d.paid_at >= $1 AND d.paid_at < $2`,
      period.from, period.to,
    );
    expect(answer.county.paidAmountLeftOut).toBe(paidLeftOut!.amount);
    expect(BigInt(answer.county.paidAmount)).toBeGreaterThan(2n ** 53n);
  });
});

let sequence = 0;
/** An application of the district paid `amount` rials at `paidAt`, written straight into the database. */
async function paidIn(district: string, amount: bigint, paidAt: Date) {
  const id = `fair-${++sequence}`;
  const prisma = api.harness.prisma;
  await prisma.applicant.create({ data: { id, nationalId: '0013542419', fullName: `Applicant ${id}`, phone: '+989111234567', address: 'Lahijan', district } as never });
  await prisma.application.create({
    data: {
      id, workflowId: `loan-application-${id}`, agencyId: 'org-relief-committee', agencyReference: id, applicantId: id, requestedAmount: amount.toString(),
      purpose: 'boundary', jobsCommitted: 1, district, category: 'services', stage: 'disbursement', bankId: 'org-bank-melli',
      approvedAmount: amount.toString(), disbursedAmount: amount.toString(), submittedAt: paidAt, updatedAt: paidAt, lastSequence: 0,
    } as never,
  });
  await prisma.disbursement.create({ data: { applicationId: id, trancheNumber: 1, amount: amount.toString(), paymentReference: `PAY-${id}`, paidAt } });
}

describe('the flag at its boundary', () => {
  const twoEqualAreas = censusWith({ lahijan_city: 1, rudboneh: 1 });

  test('an area paid exactly half of its fair share is not below half', async () => {
    await paidIn('lahijan_city', 100n, new Date('2029-03-10T08:00:00Z'));
    await paidIn('rudboneh', 300n, new Date('2029-03-11T08:00:00Z'));
    const answer = await fairDistribution(api.harness.prisma, periodOf('from=2029-03-01&to=2029-04-01'), {}, twoEqualAreas);
    expect(answer.areas.map(({ district, paidShare, ratio, belowHalfOfFairShare }) => ({ district, paidShare, ratio, belowHalfOfFairShare }))).toEqual([
      { district: 'rudboneh', paidShare: '0.7500', ratio: '1.5000', belowHalfOfFairShare: false },
      { district: 'lahijan_city', paidShare: '0.2500', ratio: '0.5000', belowHalfOfFairShare: false },
    ]);
  });

  test('an area paid a hair less than half is below half, though its rounded ratio still reads 0.5000', async () => {
    await paidIn('lahijan_city', 99_999n, new Date('2029-05-10T08:00:00Z'));
    await paidIn('rudboneh', 300_001n, new Date('2029-05-11T08:00:00Z'));
    const answer = await fairDistribution(api.harness.prisma, periodOf('from=2029-05-01&to=2029-06-01'), {}, twoEqualAreas);
    const lahijan = answer.areas.find((a) => a.district === 'lahijan_city')!;
    expect({ ratio: lahijan.ratio, below: lahijan.belowHalfOfFairShare }).toEqual({ ratio: '0.5000', below: true });
  });

  test('with nothing paid there is no share to compare and nothing is flagged', async () => {
    const answer = await fairDistribution(api.harness.prisma, periodOf('from=2031-01-01&to=2031-02-01'), {}, twoEqualAreas);
    expect(answer.areas.every((a) => a.paidShare === null && a.ratio === null && !a.belowHalfOfFairShare)).toBe(true);
  });
});

describe('GET /figures/fair-distribution over the county census file', () => {
  test('areas without a census figure are left out with the note from the file, and the source is named', async () => {
    const answer = await figuresOf(api, 'official', '/figures/fair-distribution?year=1405');
    expect(answer.areas.map((a: { district: string }) => a.district)).toEqual(realFile.areas.filter((a) => a.population !== null).map((a) => a.district));
    expect(answer.leftOut).toEqual(
      realFile.areas.filter((a) => a.population === null).map((a) => expect.objectContaining({ district: a.district, note: a.note, nameFa: a.name.fa })),
    );
    expect(answer.source).toEqual({ en: realFile.source.en, fa: realFile.source.fa, publisher: realFile.source.publisher, censusYear: 1395 });
    expect(answer.source.en).toContain('Statistical Centre of Iran');
    expect(answer.county.paidAmountAll).toBe((BigInt(answer.county.paidAmount) + BigInt(answer.county.paidAmountLeftOut)).toString());
  });

  test('everyone who may ask sees the whole county', async () => {
    const official = await figuresOf(api, 'official', '/figures/fair-distribution?year=1404');
    for (const caller of ['agency', 'otherBank', 'admin'] as const) expect(await figuresOf(api, caller, '/figures/fair-distribution?year=1404')).toEqual(official);
  });

  test('as CSV: one row per area, those left out with their note, then the county', async () => {
    const res = await as(api, 'bank').get('/figures/fair-distribution?year=1405&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 10)).toEqual(['district', 'name', 'nameFa', 'population', 'populationShare', 'paidAmount', 'paidShare', 'ratio', 'belowHalfOfFairShare', 'note.en']);
    expect(lines.map((line) => line.split(',')[0])).toEqual(['district', ...realFile.areas.filter((a) => a.population !== null).map((a) => a.district), ...realFile.areas.filter((a) => a.population === null).map((a) => a.district), 'county']);
  });

  test('a listing filter counts only the tranches of the applications it names; a district filter is refused', async () => {
    const answer = await figuresOf(api, 'official', '/figures/fair-distribution?year=1405&bankId=org-bank-melli');
    expect(answer.filters).toEqual({ bankId: 'org-bank-melli' });
    const period = periodOf('year=1405');
    const [melli] = await api.harness.prisma.$queryRawUnsafe<{ amount: string }[]>(
      `SELECT coalesce(sum(d.amount), 0)::text AS amount FROM disbursements d JOIN applications a ON a.id = d.application_id
       WHERE a.district = 'lahijan_city' AND a.bank_id = 'org-bank-melli' AND d.paid_at >= $1 AND d.paid_at < $2`,
      period.from, period.to,
    );
    expect(answer.areas[0].paidAmount).toBe(melli!.amount);
    expect(BigInt(melli!.amount)).toBeGreaterThan(0n);
    const refused = await as(api, 'official').get('/figures/fair-distribution?year=1405&district=central');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('query.district');
  });

  test('a period it cannot name is refused with a 422 naming the parameter', async () => {
    const res = await as(api, 'official').get('/figures/fair-distribution?quarter=2');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('query.year');
  });
});

describe('the census file', () => {
  test('names its source, lists every district once, and gives a figure or a reason for each', () => {
    expect(realFile.source.publisher.en).toBe('Statistical Centre of Iran');
    expect(realFile.source.census.year).toBe(1395);
    expect(realFile.areas.map((a) => a.district).sort()).toEqual([...districts].sort());
    for (const area of realFile.areas) expect(area.population === null ? typeof area.note?.fa : typeof area.population).toBe(area.population === null ? 'string' : 'number');
    const stated = realFile.countyTotal.population;
    if (stated !== null && realFile.areas.every((a) => a.population !== null)) expect(realFile.areas.reduce((sum, a) => sum + a.population!, 0)).toBe(stated);
  });

  test('a file whose areas do not add up to its county total is refused', () => {
    const all = censusWith({ central: 10, rudboneh: 20, lahijan_city: 30, shalman: 1, liseh_rud: 1, leyla_kuh: 1, baz_kiyagurab: 1, other: 1 });
    expect(checkCensus({ ...all, countyTotal: { population: 65 } }).areas).toHaveLength(districts.length);
    expect(() => checkCensus({ ...all, countyTotal: { population: 66 } })).toThrow(new CensusFileError('the areas add up to 65, not the county total 66'));
  });

  test('an area with a figure inside another with a figure, or without a figure and a reason, is refused', () => {
    const nested = censusWith({ central: 10, lahijan_city: 5 });
    nested.areas.find((a) => a.district === 'lahijan_city')!.within = 'central';
    expect(() => checkCensus(nested)).toThrow('lahijan_city: lies within central, which also has a figure');
    const silent = censusWith({ central: 10 });
    delete silent.areas.find((a) => a.district === 'rudboneh')!.note;
    expect(() => checkCensus(silent)).toThrow('rudboneh: an area without a figure needs a note');
  });
});
