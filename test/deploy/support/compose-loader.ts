// Runs tools/compose-check: docker-compose.yml loaded by compose-go, the loader Docker Compose v2
// itself uses, as `docker compose config` would (no Docker engine needed).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './compose-file';

const run = promisify(execFile);

/** The project as `docker compose config --format json` prints it (only the parts the tests read). */
export type LoadedProject = {
  name: string;
  services: Record<string, LoadedService>;
  volumes?: Record<string, unknown>;
};
export type LoadedService = {
  image?: string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: { type: string; source?: string; target: string; read_only?: boolean }[];
  entrypoint?: string[] | null;
  [key: string]: unknown;
};

export type LoadResult = { ok: true; project: LoadedProject } | { ok: false; message: string };

/** Builds the checker the first time (scripts/compose-check.sh); afterwards returns its path at once. */
export async function composeChecker(): Promise<string> {
  const { stdout } = await run('bash', [path.join(repoRoot, 'scripts/compose-check.sh')], { cwd: repoRoot });
  return stdout.trim();
}

/**
 * Loads `composeFile` with the given env files (none: Compose's default, `.env` beside the file).
 * The checker gets an empty environment, so nothing of this machine's shell is interpolated.
 */
export async function loadCompose(checker: string, composeFile: string, envFiles: string[] = []): Promise<LoadResult> {
  const args = [...envFiles.flatMap((file) => ['--env-file', file]), composeFile];
  try {
    const { stdout } = await run(checker, args, { env: {}, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, project: JSON.parse(stdout) as LoadedProject };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    if (failed.code !== 1) throw error;
    return { ok: false, message: failed.stderr ?? '' };
  }
}
