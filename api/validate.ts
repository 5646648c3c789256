import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { HttpProblem } from './problem';

type Part = 'body' | 'query' | 'params';

/** Parses one part of the request; the handler reads the parsed value from `res.locals[part]`. */
export function validate(part: Part, schema: z.ZodType) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const result = schema.safeParse(req[part] ?? {});
    if (!result.success) {
      const errors = result.error.issues.map((issue) => ({
        field: fieldName(part, issue.path, issue),
        message: issue.message,
      }));
      next(new HttpProblem(422, 'validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors));
      return;
    }
    res.locals[part] = result.data;
    next();
  };
}

function fieldName(part: Part, path: PropertyKey[], issue: z.core.$ZodIssue): string {
  // An unknown key is reported on the key itself, not on its parent object.
  const keys = issue.code === 'unrecognized_keys' ? [...path, issue.keys.join(',')] : path;
  const prefix = part === 'body' ? '' : `${part}.`;
  return prefix + (keys.length > 0 ? keys.map(String).join('.') : part);
}

export function parsed<T>(res: Response, part: Part): T {
  return res.locals[part] as T;
}
