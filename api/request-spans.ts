import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routeLabelOf, trackRouteLabel, UNMATCHED } from './route-label';

/**
 * One server span per HTTP request, named `METHOD /route/:pattern`, with the method, the route
 * pattern and the status only: never the URL (ids), the query, headers or bodies, which carry
 * applicants' personal data. The handlers run inside the span, so the Temporal client's
 * interceptor carries it in the headers of the workflow starts, Updates and Queries they make.
 */
export function requestSpans(tracer: Tracer): RequestHandler {
  return (req, res, next) => {
    // A caller that traces (a gateway, another service) continues its own trace here.
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
    trackRouteLabel(req);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routeLabelOf(req);
      if (route !== UNMATCHED) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    // 'close' alone when the client went away before the answer was written.
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
