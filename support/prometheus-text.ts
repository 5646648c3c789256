/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that
 * scrape a real /metrics endpoint: every line is `# HELP`, `# TYPE` or a sample, anything else
 * throws, and each histogram's buckets must rise with `le` up to `+Inf`, which equals `_count`.
 */
export type Labels = Record<string, string>;
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set<Family['type']>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const suffixesOf: Record<Family['type'], string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line === '') return;
    if (line.startsWith('#')) return readComment(line, families, where);
    const sample = readSample(line, where);
    const family = familyOf(sample.name, families);
    if (!family) throw new Error(`${where}: a sample of no declared family`);
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(series)) throw new Error(`${where}: the same series twice`);
    seen.add(series);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function readComment(line: string, families: Map<string, Family>, where: string): void {
  const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
  if (!match) throw new Error(`${where}: a comment that is neither HELP nor TYPE`);
  const [, keyword, name = '', rest = ''] = match;
  if (!metricName.test(name)) throw new Error(`${where}: invalid metric name`);
  const family = families.get(name) ?? { name, type: 'untyped' as const, samples: [] };
  if (keyword === 'HELP') family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
  else {
    if (!types.has(rest as Family['type'])) throw new Error(`${where}: unknown type`);
    if (families.has(name) && families.get(name)!.samples.length > 0) throw new Error(`${where}: TYPE after samples`);
    family.type = rest as Family['type'];
  }
  families.set(name, family);
}

function readSample(line: string, where: string): Sample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: (-?\d+))?$/.exec(line);
  if (!match) throw new Error(`${where}: not a sample`);
  const [, name = '', labelText, valueText = ''] = match;
  return { name, labels: labelText ? readLabels(labelText.slice(1, -1), where) : {}, value: readValue(valueText, where) };
}

function readLabels(text: string, where: string): Labels {
  const labels: Labels = {};
  let rest = text;
  while (rest.length > 0) {
    const match = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest);
    if (!match) throw new Error(`${where}: unreadable labels at ${JSON.stringify(rest)}`);
    const [whole, name = '', value = '', comma] = match;
    if (!labelName.test(name) || name in labels) throw new Error(`${where}: label ${name} invalid or repeated`);
    labels[name] = value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
    if (rest.length > 0 && !comma) throw new Error(`${where}: labels not separated by a comma`);
  }
  return labels;
}

function readValue(text: string, where: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: invalid value`);
  return Number(text);
}

function familyOf(sampleName: string, families: Map<string, Family>): Family | undefined {
  for (const family of families.values()) {
    if (suffixesOf[family.type].some((suffix) => `${family.name}${suffix}` === sampleName)) return family;
  }
  return undefined;
}

const withoutLe = (labels: Labels): string => JSON.stringify(Object.entries(labels).filter(([k]) => k !== 'le').sort());

function checkHistogram(family: Family): void {
  const bySeries = new Map<string, Sample[]>();
  for (const sample of family.samples) bySeries.set(withoutLe(sample.labels), [...(bySeries.get(withoutLe(sample.labels)) ?? []), sample]);
  for (const [series, samples] of bySeries) {
    const what = `${family.name}${series}`;
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    if (!count || !samples.some((s) => s.name === `${family.name}_sum`)) throw new Error(`${what}: no _count or _sum`);
    const bounds = buckets.map((b) => {
      if (b.labels.le === undefined) throw new Error(`${what}: a bucket without le`);
      return { le: readValue(b.labels.le, what), value: b.value };
    });
    bounds.forEach((b, i) => {
      const previous = bounds[i - 1];
      if (previous && (b.le <= previous.le || b.value < previous.value)) throw new Error(`${what}: buckets not rising at le=${b.le}`);
    });
    const last = bounds[bounds.length - 1];
    if (!last || last.le !== Infinity) throw new Error(`${what}: no +Inf bucket`);
    if (last.value !== count.value) throw new Error(`${what}: +Inf bucket ${last.value} is not _count ${count.value}`);
  }
}

/** The samples named `name` whose labels include `labels` (other labels may differ). */
export function samplesOf(families: Map<string, Family>, name: string, labels: Labels = {}): Sample[] {
  return [...families.values()]
    .flatMap((family) => family.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The sum of those samples' values: a counter's count across the labels not asked about; 0 when none. */
export const valueOf = (families: Map<string, Family>, name: string, labels: Labels = {}): number =>
  samplesOf(families, name, labels).reduce((total, s) => total + s.value, 0);
