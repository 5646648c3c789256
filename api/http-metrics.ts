import type { MetricMeter } from '@temporalio/common';
import type { RequestHandler } from 'express';
import { metricNames } from '../observability/metrics';
import { problemCodeOf } from './problem';
import { routeLabelOf, trackRouteLabel } from './route-label';

/**
 * Counts and times every answered request by method, route pattern and status; also the
 * idempotent replays and the refusals (4xx problems, by their code). Recorded when the answer
 * has been handed to the socket ('finish'), so the time covers the whole request.
 */
export function httpMetrics(meter: MetricMeter): RequestHandler {
  const requests = meter.createCounter(metricNames.httpRequests, undefined, 'HTTP requests answered');
  const duration = meter.createHistogram(metricNames.httpRequestDuration, 'float', 's', 'time to answer an HTTP request, in seconds');
  const replays = meter.createCounter(metricNames.idempotencyReplays, undefined, 'requests answered from an earlier answer with the same Idempotency-Key');
  const refusals = meter.createCounter(metricNames.refusals, undefined, 'requests refused with a 4xx problem, by its code');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    trackRouteLabel(req);
    res.once('finish', () => {
      const tags = { method: req.method, route: routeLabelOf(req), status: String(res.statusCode) };
      requests.add(1, tags);
      duration.record(Number(process.hrtime.bigint() - started) / 1e9, tags);
      if (res.get('Idempotent-Replayed') === 'true') replays.add(1, { route: tags.route });
      const code = problemCodeOf(res);
      if (code && res.statusCode >= 400 && res.statusCode < 500) refusals.add(1, { code, status: tags.status });
    });
    next();
  };
}
