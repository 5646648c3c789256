import { z } from 'zod';
import { districts } from '../../domain/vocabulary';
import { listQuery } from './listing';

/** GET /figures/fair-distribution: what it answers (the query is the other figures' `figuresQuery`). */

const rials = z.string().regex(/^\d+$/).meta({ description: 'Whole rials, as a string of digits.' });
const fourPlaces = z.string().regex(/^\d+\.\d{4}$/);
const words = z.object({ en: z.string(), fa: z.string() });
const period = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).meta({ description: 'Exclusive.' }),
  label: z.string().nullable().meta({ description: 'The Jalali period (1405, 1405-Q2, 1405-03); null for explicit dates.' }),
});

const filters = listQuery
  .pick({ stage: true, bankId: true, agencyId: true, category: true })
  .meta({ description: 'The filters of the request, only those given: the applications whose tranches are counted. `district` is refused (422).' });

const area = z.object({
  district: z.enum(districts),
  name: z.string(),
  nameFa: z.string(),
  population: z.number().int().positive().meta({ description: 'Persons at the census the source names.' }),
  populationShare: fourPlaces.meta({ description: 'Population ÷ the population of all areas with a census figure, to four places.' }),
  paidAmount: rials.meta({ description: 'Tranches paid in the period to applications of this area.' }),
  paidShare: fourPlaces.nullable().meta({ description: 'Paid here ÷ paid in all areas with a census figure, to four places; null when nothing was paid there.' }),
  ratio: fourPlaces.nullable().meta({ description: 'Paid share ÷ population share (1 is a fair share), from the exact values, to four places; null when nothing was paid.' }),
  belowHalfOfFairShare: z.boolean().meta({ description: 'The paid share is below half the population share (exactly half is not below).' }),
});

const leftOutArea = z.object({
  district: z.enum(districts),
  name: z.string(),
  nameFa: z.string(),
  paidAmount: rials.meta({ description: 'Tranches paid in the period here, shown but not shared out.' }),
  note: words.meta({ description: 'Why the census file gives no figure for this area.' }),
});

export const fairDistributionResponse = z
  .object({
    period,
    filters,
    source: words.extend({ publisher: words, censusYear: z.number().int() }).meta({ description: 'The census the populations come from.' }),
    areas: z.array(area),
    leftOut: z.array(leftOutArea).meta({ description: 'Areas without a census figure: left out of the shares rather than guessed.' }),
    county: z.object({
      name: z.string(),
      nameFa: z.string(),
      population: z.number().int().min(0).meta({ description: 'People in the areas with a census figure.' }),
      paidAmount: rials.meta({ description: 'Paid in the period in the areas with a census figure.' }),
      paidAmountLeftOut: rials.meta({ description: 'Paid in the period in the areas left out.' }),
      paidAmountAll: rials.meta({ description: 'Both together.' }),
    }),
  })
  .meta({
    description:
      "Each area's share of the tranches paid in the period against its share of the county's people at the national census (Statistical Centre of Iran); the county's own figure, the same for every caller.",
  });
