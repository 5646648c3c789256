import { type ApiHarness, as, startApiHarness } from './support/api-harness';

/** Persian and Arabic-Indic digits in a query are the digits they stand for, in the JSON as on the pages. */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
}, 120_000);
afterAll(() => api.stop());

test('a Jalali year typed in Persian digits asks for the same figures as in Latin ones', async () => {
  const latin = await as(api, 'official').get('/figures/banks?year=1405&quarter=2').expect(200);
  const persian = await as(api, 'official').get('/figures/banks?year=۱۴۰۵&quarter=۲').expect(200);
  const arabicIndic = await as(api, 'official').get('/figures/banks?year=١٤٠٥&quarter=٢').expect(200);
  expect(persian.body.period).toEqual(latin.body.period);
  expect(arabicIndic.body.period).toEqual(latin.body.period);
});

test('a page size in Persian digits is taken, and one out of range is still refused naming the field', async () => {
  await as(api, 'official').get('/applications?limit=۵').expect(200);
  const refused = await as(api, 'official').get('/applications?limit=۰').expect(422);
  expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
});
