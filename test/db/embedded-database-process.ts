// One process's turn with the embedded database, for open-database.test.ts:
//   tsx test/db/embedded-database-process.ts <write|read> <dir>
// It runs outside jest because PGlite's wasm loader calls import(), which jest's module
// sandbox refuses unless node runs with --experimental-vm-modules; a separate process per
// turn also makes "close and reopen" a real restart. Prints one JSON object on stdout.
import { openDatabase } from '../../db/prisma-client';
import { readDatabaseShape } from './database-shape';
import { fixtures } from './fixtures';

async function main(action: string | undefined, embeddedDir: string | undefined): Promise<unknown> {
  const f = fixtures();
  const db = await openDatabase({ embeddedDir, migrate: true });
  try {
    const opened = { kind: db.kind, appliedMigrations: db.appliedMigrations };
    if (action === 'write') {
      await db.prisma.organization.create({ data: f.agency });
      await db.prisma.applicant.create({ data: f.applicant });
      await db.prisma.application.create({ data: { ...f.application, bankId: null } });
      await db.prisma.applicationStep.create({ data: { ...f.step, actorUserId: null } });
      return opened;
    }
    const application = await db.prisma.application.findUniqueOrThrow({ where: { id: f.application.id } });
    const step = await db.prisma.applicationStep.findUniqueOrThrow({ where: { id: f.step.id } });
    return {
      ...opened,
      organization: await db.prisma.organization.findUniqueOrThrow({ where: { id: f.agency.id } }),
      requestedAmount: application.requestedAmount.toFixed(),
      approvedAmount: application.approvedAmount?.toFixed(),
      step: { id: String(step.id), data: step.data },
      migrations: await db.executor.query('SELECT migration_name FROM _prisma_migrations'),
      shape: await readDatabaseShape(db.executor),
    };
  } finally {
    await db.close();
  }
}

main(process.argv[2], process.argv[3]).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
