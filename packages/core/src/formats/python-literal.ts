import { SdkError } from '../errors.js';

/**
 * A value produced by `parsePythonLiteral`, mirroring what `ast.literal_eval` returns:
 * - `None` → `null`, `True`/`False` → booleans;
 * - int → `number` when |n| ≤ 2^53−1, otherwise `bigint` (so no integer silently loses digits);
 * - float → `number` (`inf`/`nan` included);
 * - str → `string`; bytes (`b'…'`) → `Uint8Array`;
 * - list and tuple → arrays; set → `Set`;
 * - dict → a plain object (default) or a `Map` (`{dicts: 'map'}`), see `PythonLiteralOptions`.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyDict
  | Set<PyValue>
  | Map<PyValue, PyValue>;

export interface PyDict {
  [key: string]: PyValue;
}

export interface PythonLiteralOptions {
  /**
   * `'object'` (default): dicts become plain objects. Keys must be str, int, float, bool or None;
   * non-str keys are converted as Python's `str()` would (`1` → `'1'`, `True` → `'True'`,
   * `1.0` → `'1.0'`). A tuple/bytes key throws E_UNSUPPORTED: use `'map'`.
   * `'map'`: dicts become `Map`s with the parsed keys (tuple keys are arrays, compared by identity).
   */
  dicts?: 'object' | 'map';
  /** Named in error messages. */
  file?: string;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Python's `repr`/`str` of a float, enough for dict keys: integral values keep a `.0`. */
function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x.toFixed(0)}.0`;
  return String(x).replace(/e\+?/, 'e+').replace('e+-', 'e-');
}

interface Num {
  kind: 'int' | 'float';
  value: number | bigint;
}

/**
 * Parses Python literal syntax the way `ast.literal_eval` does, without ever evaluating code.
 *
 * Accepted: dicts, lists, tuples, sets (and `set()`), str/bytes literals with `u`/`r`/`b`/`rb`
 * prefixes, single/double/triple quotes, all escapes except `\N{…}`, adjacent-literal
 * concatenation, ints in any base with `_` separators, floats, one leading `+`/`-` on a number,
 * `True`/`False`/`None`, trailing commas, comments and line continuations.
 *
 * Extension over `literal_eval`: the bare names `inf` and `nan` (and `-inf`) are accepted as
 * floats, because `repr()` of a dict holding such floats prints them that way.
 *
 * Not accepted (E_UNSUPPORTED): complex numbers (`1j`), `\N{name}` escapes, `...`.
 * Anything else (names, calls, operators, f-strings) throws E_FORMAT with the position.
 */
export function parsePythonLiteral(text: string, options: PythonLiteralOptions = {}): PyValue {
  return new Parser(text, options).parseTop();
}

class Parser {
  private pos = 0;
  private readonly dictsAsMap: boolean;

  constructor(
    private readonly src: string,
    private readonly options: PythonLiteralOptions,
  ) {
    this.dictsAsMap = options.dicts === 'map';
  }

  parseTop(): PyValue {
    this.skipSpace();
    if (this.pos >= this.src.length) this.fail('expected a Python literal, found end of input');
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.src.length) {
      this.fail(`unexpected ${JSON.stringify(this.src[this.pos])} after the literal`);
    }
    return value;
  }

  private location(at: number): string {
    let line = 1;
    let col = 1;
    for (let i = 0; i < at && i < this.src.length; i++) {
      if (this.src[i] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    return `line ${line}, column ${col} (offset ${at})`;
  }

  private fail(
    message: string,
    at = this.pos,
    code: 'E_FORMAT' | 'E_UNSUPPORTED' = 'E_FORMAT',
  ): never {
    throw new SdkError(code, `Python literal: ${message} at ${this.location(at)}`, {
      file: this.options.file,
    });
  }

  /** Whitespace (newlines included, as inside brackets), `#` comments and `\`-newline joins. */
  private skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '\\' && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) {
        this.pos += s[this.pos + 1] === '\r' && s[this.pos + 2] === '\n' ? 3 : 2;
      } else break;
    }
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.src[this.pos] !== ch) {
      this.fail(
        this.pos >= this.src.length
          ? `expected ${JSON.stringify(ch)}, found end of input`
          : `expected ${JSON.stringify(ch)}, found ${JSON.stringify(this.src[this.pos])}`,
      );
    }
    this.pos++;
  }

  /**
   * What the JS value of the last `parseValue` does not tell: a float (for `str()` of keys), or an
   * unhashable list (or tuple holding one), which cannot be a dict key or set member.
   */
  private lastKind: 'float' | 'list' | 'other' = 'other';

  private parseValue(): PyValue {
    this.lastKind = 'other';
    const value = this.parseValueInner();
    return value;
  }

  private parseValueInner(): PyValue {
    this.skipSpace();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) this.fail('unexpected end of input');
    if (c === '[') {
      const list = this.parseSequence('[', ']');
      this.lastKind = 'list';
      return list;
    }
    if (c === '(') return this.parseParen();
    if (c === '{') return this.parseBrace();
    if (c === '"' || c === "'") return this.parseStrings();
    if (c === '-' || c === '+') return this.parseSigned();
    if (isDigit(c) || (c === '.' && isDigit(s[this.pos + 1]))) {
      return this.numberValue(this.parseNumber(), false);
    }
    if (c === '.' && s.startsWith('...', this.pos)) {
      this.fail('Ellipsis is not supported', this.pos, 'E_UNSUPPORTED');
    }
    if (isIdentStart(c)) {
      const start = this.pos;
      const word = this.readIdent();
      if (
        /^(?:[rRuUbB]|[bB][rR]|[rR][bB])$/.test(word) &&
        (s[this.pos] === '"' || s[this.pos] === "'")
      ) {
        this.pos = start;
        return this.parseStrings();
      }
      if (/^(?:[fF][rR]?|[rR][fF])$/.test(word) && (s[this.pos] === '"' || s[this.pos] === "'")) {
        this.fail('f-strings are not literals', start);
      }
      switch (word) {
        case 'None':
          return null;
        case 'True':
          return true;
        case 'False':
          return false;
        case 'inf':
          this.lastKind = 'float';
          return Number.POSITIVE_INFINITY;
        case 'nan':
          this.lastKind = 'float';
          return Number.NaN;
        case 'set': {
          const save = this.pos;
          this.skipSpace();
          if (s[this.pos] === '(') {
            this.pos++;
            this.skipSpace();
            if (s[this.pos] === ')') {
              this.pos++;
              return new Set();
            }
          }
          this.pos = save;
          this.fail('only the call set() is allowed in a literal', start);
        }
      }
      this.fail(`name ${JSON.stringify(word)} is not a literal`, start);
    }
    this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private readIdent(): string {
    const start = this.pos;
    while (this.pos < this.src.length && isIdentPart(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private parseSigned(): PyValue {
    const start = this.pos;
    const negative = this.src[this.pos] === '-';
    this.pos++;
    this.skipSpace();
    const c = this.src[this.pos];
    if (c !== undefined && (isDigit(c) || (c === '.' && isDigit(this.src[this.pos + 1])))) {
      return this.numberValue(this.parseNumber(), negative);
    }
    if (c !== undefined && isIdentStart(c)) {
      const save = this.pos;
      const word = this.readIdent();
      this.lastKind = 'float';
      if (word === 'inf') return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      if (word === 'nan') return Number.NaN;
      this.lastKind = 'other';
      this.pos = save;
    }
    this.fail('a sign must be followed by a number', start);
  }

  private numberValue(n: Num, negative: boolean): PyValue {
    if (n.kind === 'float') {
      this.lastKind = 'float';
      const v = n.value as number;
      return negative ? -v : v;
    }
    let v = n.value as bigint;
    if (negative) v = -v;
    if (v > MAX_SAFE || v < -MAX_SAFE) return v;
    return Number(v);
  }

  /** An unsigned number at `pos`: int in any base, or float. */
  private parseNumber(): Num {
    const s = this.src;
    const start = this.pos;
    const rest = s.slice(start);
    let m = /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      this.checkNumberEnd(start);
      const body = m[0].replace(/_/g, '');
      return { kind: 'int', value: BigInt(body.toLowerCase()) };
    }
    const digits = '[0-9](?:_?[0-9])*';
    const floatRe = new RegExp(
      `^(?:(?:${digits})?\\.${digits}|${digits}\\.)(?:[eE][+-]?${digits})?|^${digits}[eE][+-]?${digits}`,
    );
    m = floatRe.exec(rest);
    if (m) {
      this.pos += m[0].length;
      this.checkNumberEnd(start);
      return { kind: 'float', value: Number(m[0].replace(/_/g, '')) };
    }
    m = new RegExp(`^${digits}`).exec(rest);
    if (!m) this.fail('malformed number', start);
    const body = m[0].replace(/_/g, '');
    if (body.length > 1 && body[0] === '0' && /[1-9]/.test(body)) {
      this.fail('leading zeros in a decimal integer are not allowed (use 0o for octal)', start);
    }
    this.pos += m[0].length;
    this.checkNumberEnd(start);
    return { kind: 'int', value: BigInt(body) };
  }

  private checkNumberEnd(start: number): void {
    const c = this.src[this.pos];
    if (c === 'j' || c === 'J') {
      this.fail('complex numbers are not supported', start, 'E_UNSUPPORTED');
    }
    if (c !== undefined && (isIdentPart(c) || c === '.')) this.fail('malformed number', start);
  }

  private parseSequence(open: string, close: string): PyValue[] {
    this.expect(open);
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.parseValue());
      this.skipSpace();
      if (this.src[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(close);
      return items;
    }
  }

  /** `()` empty tuple, `(x)` grouping, `(x,)` / `(x, y)` tuples. Tuples become arrays. */
  private parseParen(): PyValue {
    this.expect('(');
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return [];
    }
    const first = this.parseValue();
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return first;
    }
    this.expect(',');
    // A tuple holding a list is itself unhashable; remember that for dict keys and set members.
    let unhashable = this.lastKind === 'list';
    const items: PyValue[] = [first];
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === ')') break;
      items.push(this.parseValue());
      unhashable ||= this.lastKind === 'list';
      this.skipSpace();
      if (this.src[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(')');
      this.pos--;
      break;
    }
    this.pos++;
    this.lastKind = unhashable ? 'list' : 'other';
    return items;
  }

  /** `{}` dict, `{k: v, …}` dict or `{a, b}` set, decided by the first element. */
  private parseBrace(): PyValue {
    this.expect('{');
    this.skipSpace();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return this.dictsAsMap ? new Map() : {};
    }
    // Python compares keys by value (1 == 1.0 == True): the first key object stays, values update.
    const firstKeys = new Map<string, PyValue>();
    const keyOf = (at: number): { key: PyValue; isFloat: boolean } => {
      const key = this.parseValue();
      const isFloat = this.lastKind === 'float';
      if (this.lastKind === 'list') this.fail("unhashable type 'list' in a set or dict key", at);
      const canon = hashKey(key);
      if (canon === undefined) this.fail('unhashable type in a set or dict key', at);
      const first = firstKeys.get(canon);
      if (first !== undefined || firstKeys.has(canon))
        return { key: first as PyValue, isFloat: false };
      firstKeys.set(canon, key);
      return { key, isFloat };
    };
    const keyStart = this.pos;
    const first = keyOf(keyStart);
    this.skipSpace();
    if (this.src[this.pos] !== ':') {
      const set = new Set<PyValue>([first.key]);
      for (;;) {
        this.skipSpace();
        if (this.src[this.pos] === '}') break;
        this.expect(',');
        this.skipSpace();
        if (this.src[this.pos] === '}') break;
        set.add(keyOf(this.pos).key);
      }
      this.pos++;
      return set;
    }
    const map = new Map<PyValue, PyValue>();
    const obj: PyDict = {};
    const objKeys = new Map<PyValue, string>();
    const put = (k: { key: PyValue; isFloat: boolean }, at: number, value: PyValue): void => {
      if (this.dictsAsMap) {
        map.set(k.key, value);
        return;
      }
      let name = objKeys.get(k.key);
      if (name === undefined) {
        name = this.objectKey(k.key, k.isFloat, at);
        objKeys.set(k.key, name);
      }
      // defineProperty: a '__proto__' key must be an ordinary key, not the prototype setter.
      Object.defineProperty(obj, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    };
    this.expect(':');
    put(first, keyStart, this.parseValue());
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === '}') break;
      this.expect(',');
      this.skipSpace();
      if (this.src[this.pos] === '}') break;
      const at = this.pos;
      const key = keyOf(at);
      this.expect(':');
      put(key, at, this.parseValue());
    }
    this.pos++;
    return this.dictsAsMap ? map : obj;
  }

  /** The property name of a dict key in object mode: Python's `str(key)`. */
  private objectKey(key: PyValue, isFloat: boolean, at: number): string {
    if (typeof key === 'string') return key;
    if (typeof key === 'bigint') return key.toString();
    if (typeof key === 'number') return isFloat ? pyFloatStr(key) : String(key);
    if (key === true) return 'True';
    if (key === false) return 'False';
    if (key === null) return 'None';
    this.fail("tuple and bytes dict keys need {dicts: 'map'}", at, 'E_UNSUPPORTED');
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  private parseStrings(): string | Uint8Array {
    const start = this.pos;
    const parts: { bytes: boolean; value: string }[] = [];
    for (;;) {
      parts.push(this.parseOneString());
      const save = this.pos;
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === '"' || c === "'") continue;
      if (c !== undefined && /[rRuUbB]/.test(c)) {
        const m = /^(?:[bB][rR]?|[rR][bB]?|[uU])(?=['"])/.exec(this.src.slice(this.pos));
        if (m) continue;
      }
      this.pos = save;
      break;
    }
    const isBytes = parts[0]!.bytes;
    if (parts.some((p) => p.bytes !== isBytes))
      this.fail('cannot mix bytes and str literals', start);
    const joined = parts.map((p) => p.value).join('');
    if (!isBytes) return joined;
    const out = new Uint8Array(joined.length);
    for (let i = 0; i < joined.length; i++) out[i] = joined.charCodeAt(i);
    return out;
  }

  /** A single literal; for bytes, `value` holds one char per byte (code 0..255). */
  private parseOneString(): { bytes: boolean; value: string } {
    const s = this.src;
    const start = this.pos;
    let raw = false;
    let bytes = false;
    while (s[this.pos] !== '"' && s[this.pos] !== "'") {
      const p = s[this.pos]!.toLowerCase();
      if (p === 'r') raw = true;
      else if (p === 'b') bytes = true;
      this.pos++;
    }
    const q = s[this.pos]!;
    const triple = s.startsWith(q.repeat(3), this.pos);
    const quote = triple ? q.repeat(3) : q;
    this.pos += quote.length;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) this.fail('unterminated string literal', start);
      if (s.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return { bytes, value: out };
      }
      const c = s[this.pos]!;
      if (c === '\n' && !triple) this.fail('newline in a single-quoted string literal', start);
      if (c === '\\') {
        const next = s[this.pos + 1];
        if (next === undefined) this.fail('unterminated string literal', start);
        if (raw) {
          // In raw strings the backslash stays, but still keeps the next character from closing.
          out += c + next;
          this.pos += 2;
          continue;
        }
        out += this.readEscape(bytes);
        continue;
      }
      const code = c.codePointAt(0)!;
      if (bytes && code > 0x7f) this.fail('bytes literals can only contain ASCII characters');
      const ch = String.fromCodePoint(code);
      out += ch;
      this.pos += ch.length;
    }
  }

  /** An escape at `pos` (which holds the backslash); returns its value and advances. */
  private readEscape(bytes: boolean): string {
    const s = this.src;
    const at = this.pos;
    const e = s[at + 1]!;
    this.pos += 2;
    switch (e) {
      case '\n':
        return '';
      case '\r':
        if (s[this.pos] === '\n') this.pos++;
        return '';
      case '\\':
        return '\\';
      case "'":
        return "'";
      case '"':
        return '"';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      case 'x': {
        const hex = s.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('truncated \\xXX escape', at);
        this.pos += 2;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      case 'N':
        if (!bytes) this.fail('\\N{name} escapes are not supported', at, 'E_UNSUPPORTED');
        return '\\N';
      case 'u':
      case 'U': {
        if (bytes) return `\\${e}`;
        const n = e === 'u' ? 4 : 8;
        const hex = s.slice(this.pos, this.pos + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(`truncated \\${e} escape`, at);
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail('illegal Unicode character in \\U escape', at);
        this.pos += n;
        return String.fromCodePoint(cp);
      }
      default: {
        if (e >= '0' && e <= '7') {
          let oct = e;
          while (oct.length < 3 && /[0-7]/.test(s[this.pos] ?? '')) oct += s[this.pos++];
          const v = Number.parseInt(oct, 8);
          // Python keeps only the low byte of an out-of-range octal escape in bytes.
          return String.fromCharCode(bytes ? v & 0xff : v);
        }
        // Unknown escapes keep their backslash (a DeprecationWarning in Python, not an error).
        if (bytes && e.codePointAt(0)! > 0x7f)
          this.fail('bytes literals can only contain ASCII characters');
        const ch = String.fromCodePoint(e.codePointAt(0)!);
        this.pos += ch.length - 1;
        return `\\${ch}`;
      }
    }
  }
}

/** A string equal for keys Python considers equal (1, 1.0, True), or undefined if unhashable. */
function hashKey(v: PyValue): string | undefined {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'n1' : 'n0';
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `n${BigInt(v)}` : `n${v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b${v.join(',')}`;
  if (Array.isArray(v)) {
    const parts = v.map(hashKey);
    return parts.includes(undefined) ? undefined : `t(${parts.join(',')})`;
  }
  return undefined;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_\u0080-\uffff]/.test(c);
}
