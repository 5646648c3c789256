import censusFileJson from '../../domain/figures/lahijan-areas.json';
import { type CensusFile, checkCensus, fairShares } from '../../domain/figures/census';
import type { Period } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { HttpProblem } from '../problem';
import { type FiguresFilters, filtersGiven, whereApplications } from './filters';
import { periodOf, sumRials } from './organizations';

/** Lahijan County's areas and their census populations, checked once when the API starts. */
export const lahijanCensus: CensusFile = checkCensus(censusFileJson);

interface PaidRow { district: string; paidAmount: string }

/**
 * Fair distribution: each area's share of the tranches paid in the period against its share of
 * the county's people at the census. Areas without a census figure are listed apart, with the
 * file's note and what was paid there, and take no part in the shares.
 */
export async function fairDistribution(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}, census: CensusFile = lahijanCensus) {
  refuseDistrictFilter(filters);
  const paid = await prisma.$queryRaw<PaidRow[]>`
    SELECT a.district, sum(d.amount)::text AS "paidAmount"
    FROM disbursements d JOIN applications a ON a.id = d.application_id
    WHERE d.paid_at >= ${period.from} AND d.paid_at < ${period.to} ${whereApplications(filters)} GROUP BY 1`;
  const paidByDistrict = new Map(paid.map((row) => [row.district, BigInt(row.paidAmount)]));
  const paidIn = (district: string) => (paidByDistrict.get(district) ?? 0n).toString();

  const named = new Map(census.areas.map((area) => [area.district, area.name]));
  const areas = fairShares(census, paidByDistrict).map(({ district, ...share }) => ({ district, name: named.get(district)!.en, nameFa: named.get(district)!.fa, ...share }));
  const leftOut = census.areas
    .filter((area) => area.population === null)
    .map((area) => ({ district: area.district, name: area.name.en, nameFa: area.name.fa, paidAmount: paidIn(area.district), note: area.note! }));
  const countedPaid = sumRials(areas.map((area) => area.paidAmount));
  const leftOutPaid = sumRials(leftOut.map((area) => area.paidAmount));
  return {
    period: periodOf(period),
    filters: filtersGiven(filters),
    source: { en: census.source.en, fa: census.source.fa, publisher: census.source.publisher, censusYear: census.source.census.year },
    areas,
    leftOut,
    county: {
      name: census.county.en,
      nameFa: census.county.fa,
      population: areas.reduce((sum, area) => sum + area.population, 0),
      paidAmount: countedPaid,
      paidAmountLeftOut: leftOutPaid,
      paidAmountAll: sumRials([countedPaid, leftOutPaid]),
    },
  };
}

/** Within one district every other area's share would be nothing: the figure compares districts. */
function refuseDistrictFilter(filters: FiguresFilters): void {
  if (filters.district === undefined) return;
  const message = 'fair distribution compares the areas with one another: filter by anything but district';
  throw new HttpProblem(422, 'validation', `query.district: ${message}`, [{ field: 'query.district', message }]);
}

type FairDistribution = Awaited<ReturnType<typeof fairDistribution>>;

/**
 * The answer as CSV rows: the areas with a figure, then those left out (their note in the last
 * columns). The county key names every column in order, because the CSV's header is the county
 * row's keys and the county row has fewer of them than an area.
 */
export function fairDistributionTable(answer: FairDistribution) {
  const countyKey = {
    district: 'county', name: '', nameFa: '', population: '', populationShare: '', paidAmount: '',
    paidShare: '', ratio: '', belowHalfOfFairShare: '', note: { en: '', fa: '' },
  };
  return { rows: [...answer.areas, ...answer.leftOut], countyKey };
}
