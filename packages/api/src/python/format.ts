/**
 * Python's `str()`, `%d` and `%f` for the values the Allen SDK formats into URLs. JavaScript has one
 * number type, so an integral number prints as a Python `int` and any other number as a `float`.
 */
import { SdkError } from '@sdk/core';

/** Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits, like Python's repr.
  const [mant = '', expStr = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const e = exp < 0 ? `-${String(-exp).padStart(2, '0')}` : `+${String(exp).padStart(2, '0')}`;
  return `${sign}${digits[0]}${frac}e${e}`;
}

function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch.codePointAt(0) ?? 0) < 0x20 || ch === '\x7f')
      out += `\\x${(ch.codePointAt(0) ?? 0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python `repr(v)` for JSON-like values. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  return pyStr(v);
}

/** Python `str(v)` for JSON-like values (booleans print `True`/`False`, null prints `None`). */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : pyFloatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    const items = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`,
    );
    return `{${items.join(', ')}}`;
  }
  return String(v);
}

function toNumber(v: unknown, what: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  throw new SdkError('E_VALIDATION', `${what} must be a number, got ${pyRepr(v)}`, { path: what });
}

/** Python `'%d' % v`: truncates floats towards zero; booleans are 1 and 0. */
export function pyD(v: unknown, what = 'value'): string {
  const n = toNumber(v, what);
  if (!Number.isFinite(n)) {
    throw new SdkError('E_VALIDATION', `${what} cannot be formatted as an integer: ${n}`, {
      path: what,
    });
  }
  return Math.trunc(n).toFixed(0).replace(/^-0$/, '0');
}

/**
 * Python `'%.{digits}f' % v`, correctly rounded with ties to even on the exact binary value (JS
 * `toFixed` breaks exact ties upwards, Python does not).
 */
export function pyF(v: unknown, digits = 6, what = 'value'): string {
  const x = toNumber(v, what);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const ax = Math.abs(x);
  // Exact value: ax = mant * 2^exp2 with integer mant.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, ax);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (exp2 >= 0) q = mant * (1n << BigInt(exp2)) * scale;
  else {
    const num = mant * scale;
    const den = 1n << BigInt(-exp2);
    q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const int = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return `${sign}${int}${digits > 0 ? `.${frac}` : ''}`;
}

function typeRank(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  return v === null || v === undefined ? 'NoneType' : typeof v;
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * Python's ordering of two values (`sorted` of tuples compares element by element). Values Python
 * cannot order (a string against a number, None against anything) throw, as Python's TypeError.
 */
export function pyCompare(a: unknown, b: unknown): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb || ta === 'NoneType' || ta === 'object') {
    throw new SdkError(
      'E_VALIDATION',
      `'<' not supported between instances of '${ta}' and '${tb}' (${pyRepr(a)}, ${pyRepr(b)})`,
    );
  }
  if (ta === 'number') {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ta === 'string') return compareCodePoints(a as string, b as string);
  const la = a as unknown[];
  const lb = b as unknown[];
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    // Python compares lists by first unequal element; equality first avoids needless TypeErrors.
    if (la[i] === lb[i]) continue;
    const c = pyCompare(la[i], lb[i]);
    if (c !== 0) return c;
  }
  return la.length - lb.length < 0 ? -1 : la.length > lb.length ? 1 : 0;
}
