import { SdkError } from '../errors.js';

/** Any value `parsePythonJson` can return. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface ParsePythonJsonOptions {
  /** Named in error messages. */
  file?: string;
  /**
   * Accept the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's `json` module writes.
   * Default true. (allensdk's `json_utilities.read` uses simplejson 4, which rejects them; the
   * fixtures and most files we read were written by the standard library, so we accept them.)
   */
  allowNan?: boolean;
}

/**
 * Parses JSON as Python's `json.loads` does: strict JSON plus the bare `NaN`, `Infinity` and
 * `-Infinity` tokens. Errors are `E_FORMAT` with Python's wording and `line L column C (char N)`.
 *
 * Limitation of JS objects: keys that look like array indices ("0", "17") are enumerated first,
 * so their order can differ from the file's.
 */
export function parsePythonJson(text: string, options: ParsePythonJsonOptions = {}): JsonValue {
  // The native parser is an order of magnitude faster; the hand-written one runs only when it
  // fails, either to accept NaN tokens or to report where the text is wrong.
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return new PythonJsonParser(text, options).parseDocument();
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class PythonJsonParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly options: ParsePythonJsonOptions,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('Extra data', this.pos);
    return value;
  }

  private fail(message: string, at: number): never {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new SdkError(
      'E_FORMAT',
      `Invalid JSON: ${message}: line ${line} column ${column} (char ${at})`,
      this.options.file === undefined ? {} : { file: this.options.file },
    );
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos]!)) this.pos++;
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private parseValue(): JsonValue {
    const ch = this.text[this.pos];
    switch (ch) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"':
        return this.parseString();
    }
    if (this.startsWith('null')) return this.literal(4, null);
    if (this.startsWith('true')) return this.literal(4, true);
    if (this.startsWith('false')) return this.literal(5, false);
    if (this.options.allowNan !== false) {
      if (this.startsWith('NaN')) return this.literal(3, Number.NaN);
      if (this.startsWith('Infinity')) return this.literal(8, Number.POSITIVE_INFINITY);
      if (this.startsWith('-Infinity')) return this.literal(9, Number.NEGATIVE_INFINITY);
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    return this.fail('Expecting value', this.pos);
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private parseObject(): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') {
        this.fail('Expecting property name enclosed in double quotes', this.pos);
      }
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue();
      // A plain assignment to "__proto__" would replace the prototype instead of adding a key.
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === '}') {
        this.pos++;
        return out;
      }
      if (next !== ',') this.fail("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private parseArray(): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.parseValue());
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ']') {
        this.pos++;
        return out;
      }
      if (next !== ',') this.fail("Expecting ',' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('Unterminated string starting at', start);
      if (code === 0x22) {
        out += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail('Invalid control character at', this.pos);
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(chunkStart, this.pos);
      const esc = this.text[this.pos + 1];
      const simple = esc === undefined ? undefined : SIMPLE_ESCAPES[esc];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (esc === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\uXXXX escape', this.pos + 1);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
      } else {
        this.fail('Invalid \\escape', this.pos);
      }
      chunkStart = this.pos;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export interface FormatPythonJsonOptions {
  /** Spaces per level, as Python's `indent`; `null` writes one line. Default 2. */
  indent?: number | null;
}

/**
 * Serialises like allensdk `json_utilities.write_string` (simplejson, `indent=2`,
 * `ignore_nan=True`, `iterable_as_array=True`, `ensure_ascii`):
 * - separators `,` and `: ` (`, ` and `: ` on one line), key order kept, `[]`/`{}` when empty;
 * - every code unit outside printable ASCII escaped as lower-case `\uXXXX`;
 * - NaN and ±Infinity written as `null`; non-integer floats written as Python's `repr`;
 * - typed arrays, Sets and other iterables become arrays, Maps become objects;
 * - BigInt becomes a number and throws `E_UNSUPPORTED` beyond ±(2^53−1);
 * - `toJSON()` (so `Date` gives ISO-8601) or else `toDict()` is applied first;
 * - `undefined`, functions and symbols are dropped from objects and written as `null` in arrays,
 *   as `JSON.stringify` does (Python has no such values).
 * Integral numbers are written without `.0` (JS cannot tell `1.0` from `1`), so compare files
 * after parsing, never byte for byte.
 */
export function formatPythonJson(value: unknown, options: FormatPythonJsonOptions = {}): string {
  const indent = options.indent === undefined ? 2 : options.indent;
  const out = encode(value, {
    indent: indent === null ? null : ' '.repeat(indent),
    stack: new Set(),
    path: '$',
  });
  if (out === undefined) {
    throw new SdkError('E_VALIDATION', `Cannot write ${typeof value} as JSON`, { path: '$' });
  }
  return out;
}

interface EncodeState {
  indent: string | null;
  stack: Set<object>;
  path: string;
}

function encode(value: unknown, state: EncodeState, depth = 0): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object') {
    const withConversions = v as { toJSON?: unknown; toDict?: unknown };
    if (typeof withConversions.toJSON === 'function') {
      v = (withConversions.toJSON as () => unknown).call(v);
    } else if (typeof withConversions.toDict === 'function') {
      v = (withConversions.toDict as () => unknown).call(v);
    }
  }
  switch (typeof v) {
    case 'string':
      return quotePythonString(v);
    case 'number':
      return formatJsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return bigintToJson(v, state.path);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (v === null) return 'null';
  const obj = v as object;
  if (state.stack.has(obj)) {
    throw new SdkError('E_VALIDATION', 'Cannot write JSON: circular reference detected', {
      path: state.path,
    });
  }
  state.stack.add(obj);
  try {
    const items = arrayItems(obj);
    if (items !== undefined) {
      const parts = items.map((item, i) => {
        const encoded = encode(item, { ...state, path: `${state.path}[${i}]` }, depth + 1);
        return encoded ?? 'null';
      });
      return wrap('[', ']', parts, state.indent, depth);
    }
    const entries = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
    const parts: string[] = [];
    for (const [key, item] of entries) {
      const name = String(key);
      const encoded = encode(item, { ...state, path: `${state.path}.${name}` }, depth + 1);
      if (encoded !== undefined) parts.push(`${quotePythonString(name)}: ${encoded}`);
    }
    return wrap('{', '}', parts, state.indent, depth);
  } finally {
    state.stack.delete(obj);
  }
}

function arrayItems(obj: object): unknown[] | undefined {
  if (Array.isArray(obj)) return obj;
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    return Array.from(obj as unknown as ArrayLike<unknown>);
  }
  if (obj instanceof Map) return undefined;
  if (Symbol.iterator in obj && typeof obj[Symbol.iterator] === 'function') {
    return Array.from(obj as Iterable<unknown>);
  }
  return undefined;
}

function wrap(
  open: string,
  close: string,
  parts: string[],
  indent: string | null,
  depth: number,
): string {
  if (parts.length === 0) return open + close;
  if (indent === null) return open + parts.join(', ') + close;
  const inner = `\n${indent.repeat(depth + 1)}`;
  return `${open}${inner}${parts.join(`,${inner}`)}\n${indent.repeat(depth)}${close}`;
}

function bigintToJson(v: bigint, path: string): string {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (v > limit || v < -limit) {
    throw new SdkError(
      'E_UNSUPPORTED',
      `Cannot write BigInt ${v} as a JSON number: it is beyond ±(2^53−1)`,
      { path },
    );
  }
  return v.toString();
}

function formatJsonNumber(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  if (Number.isInteger(v)) {
    if (Object.is(v, -0)) return '-0.0';
    // Python ints never use exponents; JS switches to one at 1e21.
    return Math.abs(v) >= 1e21 ? BigInt(v).toString() : String(v);
  }
  return formatPythonFloat(v);
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JS), written in fixed notation when
 * the decimal exponent is in [-4, 16) and otherwise as `d.ddde±XX` (at least two exponent digits).
 * `repr(1e-7) === '1e-07'`, `repr(1e16) === '1e+16'`, `repr(25.0) === '25.0'`.
 */
export function formatPythonFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exp < 0 ? '-' : '+';
  return `${sign}${mant}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

const ESCAPED: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal with everything outside `' '..'~'` escaped, as `ensure_ascii=True`. */
function quotePythonString(s: string): string {
  return `"${s.replace(/[\\"]|[^ -~]/g, (ch) => {
    const named = ESCAPED[ch];
    if (named !== undefined) return named;
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  })}"`;
}
