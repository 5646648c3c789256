import { type District, districts } from '../vocabulary';

/**
 * The county's areas and their census populations (domain/figures/lahijan-areas.json), and the fair-distribution
 * arithmetic over them: each area's share of the money paid against its share of the people.
 * Pure: the file is read by the caller, the amounts paid are passed in.
 */

export interface Words { en: string; fa: string }

export interface CensusArea {
  district: District;
  name: Words;
  level: string;
  /** The district value of a larger area this one lies in, if that area is also listed. */
  within: District | null;
  /** Persons at the census; null when no figure was found, and then `note` says why. */
  population: number | null;
  note?: Words;
}

export interface CensusFile {
  county: Words;
  source: Words & { publisher: Words; census: { year: number; gregorianYear: number } };
  countyTotal: { population: number | null; note?: Words };
  areas: CensusArea[];
}

/** A census file that cannot be used, with what is wrong in it. */
export class CensusFileError extends Error {
  override name = 'CensusFileError';
}

const isWords = (value: unknown): value is Words =>
  typeof value === 'object' && value !== null && typeof (value as Words).en === 'string' && typeof (value as Words).fa === 'string';

/**
 * Checks what the shares rely on: one entry per district value, a whole positive population or a
 * note saying why there is none, no counted area inside another counted area (it would be counted
 * twice), and, when the file states a county total and every area has a figure, that they add up.
 */
export function checkCensus(file: unknown): CensusFile {
  const fail = (message: string): never => {
    throw new CensusFileError(message);
  };
  const census = file as CensusFile;
  if (!isWords(census?.county) || !isWords(census.source) || !isWords(census.source.publisher)) fail('county and source must be named in English and Persian');
  if (!Number.isInteger(census.source.census?.year)) fail('source.census.year must be the census year');
  if (!Array.isArray(census.areas)) fail('areas must be a list');
  const listed = census.areas.map((area) => area.district);
  if (listed.length !== districts.length || districts.some((d) => !listed.includes(d))) fail(`areas must list each district exactly once: ${districts.join(', ')}`);
  const counted = new Set(census.areas.filter((area) => area.population !== null).map((area) => area.district));
  for (const area of census.areas) {
    if (!isWords(area.name)) fail(`${area.district}: name must be in English and Persian`);
    if (area.population === null) {
      if (!isWords(area.note)) fail(`${area.district}: an area without a figure needs a note saying why`);
    } else if (!Number.isSafeInteger(area.population) || area.population <= 0) fail(`${area.district}: population must be a whole number of people`);
    if (area.within !== null && !listed.includes(area.within)) fail(`${area.district}: within names no listed area`);
    if (area.population !== null && area.within !== null && counted.has(area.within)) fail(`${area.district}: lies within ${area.within}, which also has a figure`);
  }
  const total = census.countyTotal?.population;
  if (total === null || total === undefined) {
    if (!isWords(census.countyTotal?.note)) fail('countyTotal: without a population it needs a note saying why');
  } else if (counted.size === census.areas.length && populationOf(census.areas) !== total) {
    fail(`the areas add up to ${populationOf(census.areas)}, not the county total ${total}`);
  }
  return census;
}

const populationOf = (areas: CensusArea[]): number => areas.reduce((sum, area) => sum + (area.population ?? 0), 0);

/** One area's fair share: shares and their ratio to four places, rounded half up. */
export interface FairShare {
  district: District;
  population: number;
  populationShare: string;
  paidAmount: string;
  /** Null when nothing at all was paid in the counted areas: there is no share to compare. */
  paidShare: string | null;
  ratio: string | null;
  belowHalfOfFairShare: boolean;
}

/** `numerator ÷ denominator` to four places, rounded half up (as PostgreSQL's round() does). */
export function fraction(numerator: bigint, denominator: bigint): string {
  const tenThousandths = (numerator * 20_000n + denominator) / (2n * denominator);
  return `${tenThousandths / 10_000n}.${String(tenThousandths % 10_000n).padStart(4, '0')}`;
}

/**
 * Shares are taken among the areas that have a census figure, of both the people and the money:
 * an area left out for want of a figure takes nothing from the others' shares. The flag compares
 * exact values (paid share < half the population share), never the rounded ones, so an area at
 * exactly half is not flagged.
 */
export function fairShares(census: CensusFile, paidByDistrict: ReadonlyMap<string, bigint>): FairShare[] {
  const counted = census.areas.filter((area): area is CensusArea & { population: number } => area.population !== null);
  const people = BigInt(populationOf(counted));
  const paidTotal = counted.reduce((sum, area) => sum + (paidByDistrict.get(area.district) ?? 0n), 0n);
  return counted.map((area) => {
    const population = BigInt(area.population);
    const paid = paidByDistrict.get(area.district) ?? 0n;
    const anyPaid = paidTotal > 0n;
    return {
      district: area.district,
      population: area.population,
      populationShare: fraction(population, people),
      paidAmount: paid.toString(),
      paidShare: anyPaid ? fraction(paid, paidTotal) : null,
      // (paid ÷ paidTotal) ÷ (population ÷ people)
      ratio: anyPaid ? fraction(paid * people, paidTotal * population) : null,
      belowHalfOfFairShare: anyPaid && 2n * paid * people < population * paidTotal,
    };
  });
}
