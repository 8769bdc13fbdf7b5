// Every socket payload and HTTP body goes through here: a schema failure, or a schema that throws on a hostile
// object (zod reads `.length` of non-strings for size checks), becomes the same `invalid` error.
import type { z } from 'zod';
import { FlackError } from '../core/errors.js';

export function validate<S extends z.ZodType>(schema: S, value: unknown, what = 'payload'): z.output<S> {
  let parsed: ReturnType<S['safeParse']>;
  try {
    parsed = schema.safeParse(value) as ReturnType<S['safeParse']>;
  } catch {
    throw new FlackError('invalid', `${what}: malformed`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlackError('invalid', issue ? `${issue.path.join('.') || what}: ${issue.message}` : `${what}: invalid`);
  }
  return parsed.data as z.output<S>;
}
