// For application-read.test.ts: the embedded database (PGlite) answers readApplication's one
// statement with the same row as Prisma's read with its relations. Its own process, as
// test/db/embedded-database-process.ts explains (PGlite's wasm loader and jest's sandbox).
//   tsx test/api/support/embedded-read-process.ts <dir>
import { isDeepStrictEqual } from 'node:util';
import { readApplication } from '../../../api/application-read';
import { applicationInclude } from '../../../api/representation';
import { openDatabase } from '../../../db/prisma-client';
import { applications, seedReadWorld } from './read-world';

async function main(embeddedDir: string | undefined): Promise<Record<string, boolean>> {
  const db = await openDatabase({ embeddedDir, migrate: true });
  try {
    await seedReadWorld(db.prisma);
    await db.prisma.disbursement.create({
      data: { id: 2n ** 62n, applicationId: 'app-a1', trancheNumber: 1, amount: '25000000000', paymentReference: 'PAY-1', paidAt: new Date('2026-12-10T10:10:10.101Z') },
    });
    const same: Record<string, boolean> = {};
    for (const id of Object.keys(applications)) {
      const expected = await db.prisma.application.findFirst({ where: { id }, include: applicationInclude });
      same[id] = expected !== null && isDeepStrictEqual(await readApplication(db.prisma, id), expected);
    }
    return same;
  } finally {
    await db.close();
  }
}

main(process.argv[2]).then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
