// The Dockerfile cannot be built here (no Docker engine), so its promises are checked against
// the files they depend on: the stages, the user, the production install, and that every path
// it copies or runs is one tsconfig.build.json actually produces.
import path from 'node:path';
import ts from 'typescript';
import { readComposeFile, readRepoFile, repoRoot, serviceEnvironment } from './support/compose-file';
import { commandsOf, execArgs, instructionsOf, isIgnored, parseCopy, parseDockerfile, type Stage } from './support/dockerfile';

const stages = parseDockerfile(readRepoFile('Dockerfile'));
const buildStage = stages[0] as Stage;
const runtimeStage = stages[stages.length - 1] as Stage;
const workdir = (stage: Stage) => instructionsOf(stage, 'WORKDIR').at(-1) ?? '/';

function buildConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  return parsed;
}

/** The source file tsc compiles to `output` (a path relative to the repository), if the build includes it. */
function sourceOf(config: ts.ParsedCommandLine, output: string): string | undefined {
  const outDir = config.options.outDir as string;
  const rootDir = config.options.rootDir as string;
  const relative = path.relative(outDir, path.join(repoRoot, output));
  if (relative.startsWith('..')) return undefined;
  const source = path.join(rootDir, relative.replace(/\.js$/, '.ts'));
  return config.fileNames.map((f) => path.normalize(f)).includes(source) ? path.relative(repoRoot, source) : undefined;
}

describe('the Dockerfile', () => {
  test('has a build stage and a runtime stage, both on the same pinned node:20 bookworm-slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const baseImages = stages.map((s) => s.image).filter((image) => !stages.some((s) => s.name === image));
    for (const image of baseImages) expect(image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    expect(new Set(baseImages).size).toBe(1);
  });

  test('the build stage installs every dependency, generates the Prisma client, compiles with tsconfig.build.json and bundles the workflows', () => {
    const commands = commandsOf(buildStage);
    expect(commands).toContainEqual(expect.stringMatching(/^npm ci\b(?!.*--omit)/));
    expect(commands).toContain('bash scripts/prisma-generate.sh');
    expect(commands).toContainEqual(expect.stringMatching(/^npx tsc -p tsconfig\.build\.json$/));
    expect(commands).toContainEqual(expect.stringMatching(/^node dist\/scripts\/build-workflow-bundle\.js dist\/\S+\.js$/));
  });

  test('the runtime stage installs production dependencies only and runs as a non-root user', () => {
    const installs = commandsOf(runtimeStage).filter((c) => /^npm (ci|install)\b/.test(c));
    expect(installs).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
    const user = instructionsOf(runtimeStage, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const keywords = runtimeStage.instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
  });

  test('the runtime stage takes the compiled output from the build stage and starts dist/server/main.js', () => {
    const copies = instructionsOf(runtimeStage, 'COPY').map(parseCopy);
    expect(copies).toContainEqual({ from: buildStage.name, sources: [`${workdir(buildStage)}/dist`], destination: './dist' });
    expect(execArgs(instructionsOf(runtimeStage, 'CMD').at(-1) ?? '')).toEqual(['node', 'dist/server/main.js']);
  });
});

describe('the Dockerfile and docker-compose.yml use paths that tsconfig.build.json produces', () => {
  const config = buildConfig();

  test('tsconfig.build.json emits to dist/ keeping the folder layout, with the Prisma client and without tests or benchmarks', () => {
    expect(config.options.noEmit).toBeFalsy();
    expect(path.relative(repoRoot, config.options.outDir as string)).toBe('dist');
    expect(path.relative(repoRoot, config.options.rootDir as string)).toBe('');
    const files = config.fileNames.map((f) => path.relative(repoRoot, f));
    expect(files).toContain('generated/prisma/client.ts');
    expect(files).toContain('config/config.ts');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('support/'))).toEqual([]);
  });

  // Each entry point's source must exist and be part of the build, or the image would lack it.
  const entryPoints: [string, string][] = [
    ['the image CMD', execArgs(instructionsOf(runtimeStage, 'CMD').at(-1) ?? '')[1] ?? ''],
    ['the migrate service', ((readComposeFile().services.migrate?.command ?? []) as string[])[1] ?? ''],
    ['the workflow bundle step', /node (dist\/scripts\/build-workflow-bundle\.js)/.exec(commandsOf(buildStage).join('\n'))?.[1] ?? ''],
  ];
  test.each(entryPoints)('%s runs %s, which tsc compiles from a source in the build', (_what, output) => {
    expect(output).toMatch(/^dist\/.+\.js$/);
    expect(sourceOf(config, output)).toBe(output.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
  });

  test("the worker's WORKFLOW_BUNDLE_PATH is where the build stage writes the bundle, inside the dist/ the runtime copies", () => {
    const bundleStep = commandsOf(buildStage).find((c) => c.includes('build-workflow-bundle.js')) ?? '';
    const bundleOutput = bundleStep.split(' ').at(-1) as string;
    expect(bundleOutput.startsWith('dist/')).toBe(true);
    const worker = serviceEnvironment(readComposeFile().services.worker ?? {});
    expect(worker.WORKFLOW_BUNDLE_PATH).toBe(path.posix.join(workdir(runtimeStage), bundleOutput));
  });

  test("the migrations are in the image where the compiled migrator looks for them (db/migrator.ts's defaultMigrationsDir)", () => {
    const copies = instructionsOf(runtimeStage, 'COPY').map(parseCopy);
    expect(copies).toContainEqual({ from: undefined, sources: ['prisma/migrations'], destination: './prisma/migrations' });
    const declaration = /defaultMigrationsDir\s*=\s*path\.resolve\(__dirname,\s*'([^']+)'\)/.exec(readRepoFile('db/migrator.ts'));
    if (!declaration) throw new Error("db/migrator.ts no longer finds migrations with path.resolve(__dirname, '...'): update this test and the Dockerfile");
    expect(sourceOf(config, 'dist/db/migrator.js')).toBe('db/migrator.ts');
    const looksIn = path.posix.join('dist/db', declaration[1] as string);
    // The image provides prisma/migrations, and dist/prisma as a link to it.
    const links = commandsOf(runtimeStage)
      .map((c) => /^ln -s (\S+) (\S+)$/.exec(c))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ link: m[2] as string, target: path.posix.join(path.posix.dirname(m[2] as string), m[1] as string) }));
    const resolved = links.reduce((p, { link, target }) => (p.startsWith(`${link}/`) ? target + p.slice(link.length) : p), looksIn);
    expect(resolved).toBe('prisma/migrations');
  });

  test('.dockerignore keeps out host state but lets in everything the build stage uses', () => {
    const dockerignore = readRepoFile('.dockerignore');
    for (const excluded of ['node_modules', 'dist', 'generated/prisma/client.ts', '.env', '.git']) expect({ excluded, ignored: isIgnored(dockerignore, excluded) }).toEqual({ excluded, ignored: true });
    const needed = [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'prisma.config.ts',
      'prisma/schema.prisma',
      'scripts/prisma-generate.sh',
      ...config.fileNames.map((f) => path.relative(repoRoot, f)).filter((f) => !f.startsWith('generated/')),
    ];
    expect(needed.filter((f) => isIgnored(dockerignore, f))).toEqual([]);
  });
});
