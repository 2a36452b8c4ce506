import type { ZodType, z } from 'zod';
import { SdkError } from '../errors.js';

/** One failed check: where (a JSON path such as `$.manifest[2].spec`) and what. */
export interface SchemaIssue {
  path: string;
  message: string;
  code: string;
}

export interface ParseWithSchemaOptions {
  /** The file the value came from; named first in the error message. */
  file?: string;
  /** JSON path of `value` inside the file, when it is not the whole document. Default `$`. */
  root?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['manifest', 2, 'spec']` → `$.manifest[2].spec`; odd keys are quoted: `$["a b"]`. */
export function formatJsonPath(path: readonly PropertyKey[], root = '$'): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${String(key)}]`;
    else out += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The SdkError (E_VALIDATION) of a failed schema check; lists every issue. */
export class SchemaValidationError extends SdkError {
  override name = 'SchemaValidationError';
  readonly issues: readonly SchemaIssue[];

  constructor(issues: readonly SchemaIssue[], options: { file?: string; cause?: unknown } = {}) {
    super('E_VALIDATION', 'schema validation failed', {
      file: options.file,
      path: issues[0]?.path,
      cause: options.cause,
    });
    this.issues = issues;
    const prefix = options.file ? `${options.file}: ` : '';
    const lines = issues.map((i) => `${prefix}${i.path}: ${i.message}`);
    // One issue reads as one line; several are listed, one per line, after a count.
    this.message =
      lines.length === 1
        ? lines[0]!
        : `${lines.length} validation issues:\n  ${lines.join('\n  ')}`;
  }
}

/** zod's wording without its generic "Invalid input: " lead. */
function issueMessage(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function collectIssues(error: z.ZodError, root: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of error.issues) {
    // A union failure nests each branch's issues; report them when no branch matched the type.
    if (
      issue.code === 'invalid_union' &&
      'errors' in issue &&
      Array.isArray(issue.errors) &&
      issue.errors.length
    ) {
      const branches = (issue.errors as z.core.$ZodIssue[][]).map((branch) =>
        branch.map(
          (b) => `${formatJsonPath([...issue.path, ...b.path], root)}: ${issueMessage(b.message)}`,
        ),
      );
      out.push({
        path: formatJsonPath(issue.path, root),
        message: `${issueMessage(issue.message)} (${branches.map((b) => b.join(', ')).join(' | ')})`,
        code: issue.code,
      });
      continue;
    }
    out.push({
      path: formatJsonPath(issue.path, root),
      message: issueMessage(issue.message),
      code: issue.code,
    });
  }
  return out;
}

/**
 * `schema.parse(value)` whose failure is a `SchemaValidationError` (E_VALIDATION) naming the file
 * and the JSON path of every failed check, e.g. `manifest.json: $.manifest[2].spec: expected
 * string, received number`.
 */
export function parseWithSchema<S extends ZodType>(
  schema: S,
  value: unknown,
  options: ParseWithSchemaOptions = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SchemaValidationError(collectIssues(result.error, options.root ?? '$'), {
    file: options.file,
    cause: result.error,
  });
}

/** The issues of `value` against `schema` (empty when it is valid), without throwing. */
export function schemaIssues(schema: ZodType, value: unknown, root = '$'): SchemaIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : collectIssues(result.error, root);
}
