import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { toAsciiDigits } from '../domain/identity';
import { isStorableText } from '../domain/normalize';
import { HttpProblem } from './problem';

type Part = 'body' | 'query' | 'params';

/** Parses one part of the request; the handler reads the parsed value from `res.locals[part]`. */
export function validate(part: Part, schema: z.ZodType | ((res: Response) => z.ZodType)) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const chosen = typeof schema === 'function' ? schema(res) : schema;
    const result = chosen.safeParse(part === 'query' ? withAsciiDigits(req.query) : (req[part] ?? {}));
    if (!result.success) {
      next(validationProblem(part, result.error.issues));
      return;
    }
    res.locals[part] = result.data;
    next();
  };
}

/**
 * Persian and Arabic-Indic digits are accepted wherever digits are: a query's values (a year, a
 * date, a limit) are folded before their schema sees them, as body fields are by theirs.
 */
function withAsciiDigits(query: Request['query']): unknown {
  if (query === null || typeof query !== 'object') return query ?? {};
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? toAsciiDigits(value) : value]));
}

/** A 422 naming every field at fault. */
export function validationProblem(part: Part, issues: readonly z.core.$ZodIssue[]): HttpProblem {
  const errors = issues.map((issue) => ({ field: fieldName(part, issue.path, issue), message: printable(issue.message) }));
  return new HttpProblem(422, 'validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

function fieldName(part: Part, path: PropertyKey[], issue: z.core.$ZodIssue): string {
  // An unknown key is reported on the key itself, not on its parent object.
  const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys.join(',')] : path;
  const prefix = part === 'body' ? '' : `${part}.`;
  return printable(prefix + (keys.length > 0 ? keys.map(String).join('.') : part));
}

/**
 * An unknown key is echoed in the answer, and the answer may be stored (idempotency): a key with
 * NUL, a lone surrogate or a control character must not make the answer itself unstorable.
 */
const printable = (name: string): string => (isStorableText(name) ? name : name.replace(/[\uD800-\uDFFF\u0000]/g, '\uFFFD')).replace(/\p{Cc}/gu, '\uFFFD');

export function parsed<T>(res: Response, part: Part): T {
  return res.locals[part] as T;
}
