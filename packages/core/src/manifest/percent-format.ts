import { SdkError } from '../errors.js';
import { formatPythonFloat } from '../json/python-json.js';

/** A value Python's `%` operator can substitute into a manifest path spec. */
export type PercentArg = string | number | bigint | boolean | null;

const DIRECTIVE = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])?/g;

/**
 * Python's `spec % tuple(args)` for the directives path specs use: `%s`, `%d`/`%i`, `%f` and
 * `%%`, with flags, width and precision. Wrong argument counts or types throw `E_VALIDATION`
 * (`TypeError` in Python); other conversions throw `E_UNSUPPORTED`.
 */
export function percentFormat(spec: string, args: readonly PercentArg[]): string {
  let next = 0;
  const out = spec.replace(
    DIRECTIVE,
    (whole, flags: string, width?: string, prec?: string, conv?: string) => {
      if (conv === '%' && whole === '%%') return '%';
      if (conv === undefined) {
        throw new SdkError('E_VALIDATION', `Incomplete format in path spec "${spec}"`);
      }
      if (next >= args.length) {
        throw new SdkError(
          'E_VALIDATION',
          `Not enough arguments for path spec "${spec}" (got ${args.length})`,
        );
      }
      const arg = args[next++] as PercentArg;
      const body = convert(arg, conv, prec, spec);
      return pad(body, flags, width === undefined ? 0 : Number(width), conv);
    },
  );
  if (next < args.length) {
    throw new SdkError(
      'E_VALIDATION',
      `Not all arguments converted for path spec "${spec}" (got ${args.length}, used ${next})`,
    );
  }
  return out;
}

function convert(arg: PercentArg, conv: string, prec: string | undefined, spec: string): string {
  switch (conv) {
    case 's': {
      const s = pythonStr(arg);
      return prec === undefined ? s : s.slice(0, Number(prec));
    }
    case 'd':
    case 'i':
      return String(pythonInt(arg, conv, spec));
    case 'f':
    case 'F': {
      const x = typeof arg === 'bigint' ? Number(arg) : arg;
      if (typeof x !== 'number' && typeof x !== 'boolean') {
        throw new SdkError(
          'E_VALIDATION',
          `%${conv} needs a number, got ${pythonStr(arg)} in "${spec}"`,
        );
      }
      const n = Number(x);
      if (Number.isNaN(n)) return 'nan';
      if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
      return n.toFixed(prec === undefined ? 6 : Number(prec));
    }
    default:
      throw new SdkError('E_UNSUPPORTED', `Unsupported directive %${conv} in path spec "${spec}"`);
  }
}

/** Python `str()` of the value: `True`, `None`, and repr for non-integral floats. */
function pythonStr(arg: PercentArg): string {
  if (arg === null) return 'None';
  if (typeof arg === 'boolean') return arg ? 'True' : 'False';
  if (typeof arg === 'number') return Number.isInteger(arg) ? String(arg) : formatPythonFloat(arg);
  return String(arg);
}

/** `%d` formats `int(x)`: floats truncate toward zero, strings are a TypeError. */
function pythonInt(arg: PercentArg, conv: string, spec: string): bigint {
  if (typeof arg === 'bigint') return arg;
  if (typeof arg === 'boolean') return arg ? 1n : 0n;
  if (typeof arg === 'number' && Number.isFinite(arg)) return BigInt(Math.trunc(arg));
  throw new SdkError(
    'E_VALIDATION',
    `%${conv} format: a number is required, not ${pythonStr(arg)} (in "${spec}")`,
  );
}

function pad(body: string, flags: string, width: number, conv: string): string {
  let s = body;
  if (conv !== 's' && !s.startsWith('-')) {
    if (flags.includes('+')) s = `+${s}`;
    else if (flags.includes(' ')) s = ` ${s}`;
  }
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width, ' ');
  if (flags.includes('0') && conv !== 's') {
    const sign = /^[-+ ]/.test(s) ? s.slice(0, 1) : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width, ' ');
}
