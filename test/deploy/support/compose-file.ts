import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const repoRoot = path.resolve(__dirname, '../../..');

export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(repoRoot, relativePath), 'utf8');
}

export type ComposeFile = Record<string, unknown> & { services: Record<string, ComposeService> };
export type ComposeService = Record<string, unknown>;

/** docker-compose.yml as Compose sees it before interpolation: YAML anchors and `<<` merges resolved. */
export function readComposeFile(): ComposeFile {
  return YAML.parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

// Compose's interpolation syntax: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default},
// ${NAME:?error}, ${NAME?error}, ${NAME:+replacement}, ${NAME+replacement}.
const variablePattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function interpolate(value: string, env: Record<string, string>): string {
  const result = value.replace(
    variablePattern,
    (_match, dollar: string | undefined, braced: string | undefined, operator: string | undefined, operand: string | undefined, bare: string | undefined) => {
      if (dollar) return '$';
      const name = (braced ?? bare) as string;
      if (operand?.includes('$')) throw new Error(`nested interpolation in "${value}" is not modelled by this test`);
      const current = env[name];
      const unset = current === undefined;
      const unsetOrEmpty = unset || current === '';
      switch (operator) {
        case undefined:
          return current ?? '';
        case ':-':
          return unsetOrEmpty ? (operand ?? '') : current;
        case '-':
          return unset ? (operand ?? '') : current;
        case ':?':
        case '?':
          if (operator === ':?' ? unsetOrEmpty : unset) throw new Error(`${name}: ${operand}`);
          return current ?? '';
        case ':+':
          return unsetOrEmpty ? '' : (operand ?? '');
        case '+':
          return unset ? '' : (operand ?? '');
        default:
          throw new Error(`unknown interpolation operator ${operator}`);
      }
    },
  );
  if (value.replace(variablePattern, '').includes('${')) throw new Error(`unrecognised interpolation in "${value}"`);
  return result;
}

/** Every string value interpolated, keys left alone, as Compose does. */
export function interpolateAll<T>(node: T, env: Record<string, string>): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item: unknown) => interpolateAll(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)])) as T;
  }
  return node;
}

/** Names that docker-compose.yml takes from .env or the shell (escaped `$$NAME` excluded). */
export function interpolatedVariableNames(): Set<string> {
  const text = readRepoFile('docker-compose.yml')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const names = new Set<string>();
  for (const match of text.matchAll(variablePattern)) {
    const name = match[2] ?? match[5];
    if (name) names.add(name);
  }
  return names;
}

/** KEY=VALUE lines of a .env file, as Compose reads it; commented lines are not settings. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    env[match[1] as string] = (match[2] as string).trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

/** A service's `environment` in either of its forms (map or KEY=VALUE list) as strings; bare keys are unset. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const raw = service.environment;
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((item: string) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, null] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries((raw ?? {}) as Record<string, unknown>);
  return Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}

export function dependsOnNames(service: ComposeService): string[] {
  const raw = service.depends_on;
  if (!raw) return [];
  return Array.isArray(raw) ? (raw as string[]) : Object.keys(raw as Record<string, unknown>);
}
