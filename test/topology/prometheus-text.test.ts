import { parsePrometheusText, valueOf } from '../../support/prometheus-text';

const valid = [
  '# HELP loans_http_requests_total HTTP requests answered',
  '# TYPE loans_http_requests_total counter',
  'loans_http_requests_total{method="GET",route="/applications/:id",status="200"} 3',
  'loans_http_requests_total{method="GET",route="/a \\"quoted\\" \\\\ path",status="404"} 1',
  '# TYPE latency histogram',
  'latency_bucket{le="0.5"} 1',
  'latency_bucket{le="1"} 2',
  'latency_bucket{le="+Inf"} 2',
  'latency_sum 1.2',
  'latency_count 2',
  '',
].join('\n');

test('a valid exposition is read into families, samples and label values', () => {
  const families = parsePrometheusText(valid);
  expect(families.get('loans_http_requests_total')?.type).toBe('counter');
  expect(valueOf(families, 'loans_http_requests_total', { route: '/applications/:id' })).toBe(3);
  expect(valueOf(families, 'loans_http_requests_total')).toBe(4);
  expect(valueOf(families, 'loans_http_requests_total', { route: '/a "quoted" \\ path' })).toBe(1);
  expect(valueOf(families, 'latency_count')).toBe(2);
});

test.each([
  ['a stray comment', valid.replace('# HELP', '# NOTE')],
  ['a sample of no declared family', `${valid}other_metric 1\n`],
  ['an unquoted label value', valid.replace('status="200"', 'status=200')],
  ['a value that is no number', valid.replace('latency_sum 1.2', 'latency_sum many')],
  ['falling buckets', valid.replace('latency_bucket{le="1"} 2', 'latency_bucket{le="1"} 0')],
  ['no +Inf bucket', valid.replace('latency_bucket{le="+Inf"} 2\n', '')],
  ['+Inf not equal to _count', valid.replace('latency_count 2', 'latency_count 3')],
  ['the same series twice', `${valid}loans_http_requests_total{method="GET",route="/applications/:id",status="200"} 3\n`],
])('%s is refused', (_what, text) => {
  expect(() => parsePrometheusText(text)).toThrow();
});
