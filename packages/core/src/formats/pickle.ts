// A restricted reader of Python pickles (protocols 0-5), for the data that PyTables and pandas
// store pickled in HDF5 files: attribute values (lists, tuples, dicts of str/int/None) and numpy
// arrays (ObjectAtom rows, mostly object arrays of str). It never runs code: the only globals it
// knows are numpy's array and dtype reconstructors and `_codecs.encode`; any other global, and
// the opcodes that build arbitrary objects (INST, OBJ, NEWOBJ, persistent ids, extensions),
// throw E_UNSUPPORTED.
import { SdkError } from '../errors.js';
import { parsePythonLiteral } from './python-literal.js';

/** A Python tuple (kept apart from lists so callers can tell them apart). */
export class PyTuple {
  constructor(readonly items: PickleValue[]) {}
}

/** A numpy dtype as pickled: `dtype('f8')` plus the byte order from its state. */
export class NumpyDType {
  byteOrder = '|';
  constructor(readonly descr: string) {}
  /** numpy kind letter: 'O' object, 'f' float, 'i' int, 'u' uint, 'b' bool, 'U', 'S'. */
  get kind(): string {
    return this.descr.replace(/^[<>|=]/, '')[0] ?? '';
  }
  get itemSize(): number {
    const m = /(\d+)$/.exec(this.descr);
    return m ? Number(m[1]) : 0;
  }
}

/** A numpy array rebuilt from a pickle: elements in C order (converted from Fortran if needed). */
export class NumpyArray {
  shape: number[] = [0];
  dtype: NumpyDType | null = null;
  /** Object arrays: the Python values; numeric arrays: numbers/bigints/booleans. */
  values: PickleValue[] = [];
}

export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PyTuple
  | Map<PickleValue, PickleValue>
  | NumpyDType
  | NumpyArray
  | PyGlobal;

/** An allowed global (a reconstructor); it can be passed around as a value, e.g. `ndarray`. */
export class PyGlobal {
  constructor(
    readonly name: string,
    readonly call: (args: PickleValue[]) => PickleValue,
  ) {}
}
type Item = PickleValue | typeof MARK_OBJ;
const MARK_OBJ = Symbol('mark');

const GLOBALS: Record<string, (args: PickleValue[]) => PickleValue> = {
  'numpy.core.multiarray._reconstruct': () => new NumpyArray(),
  'numpy.dtype': (args) => new NumpyDType(String(args[0])),
  'numpy.ndarray': () => null,
  'numpy.core.multiarray.scalar': (args) => {
    const [dtype, raw] = args;
    if (!(dtype instanceof NumpyDType) || !(raw instanceof Uint8Array)) {
      throw new SdkError('E_UNSUPPORTED', 'unsupported numpy scalar in pickle');
    }
    return decodeNumeric(raw, dtype, 1)[0] ?? null;
  },
  'numpy.core.numeric._frombuffer': (args) => {
    const [buf, dtype, shape, order] = args;
    if (!(buf instanceof Uint8Array) || !(dtype instanceof NumpyDType)) {
      throw new SdkError('E_UNSUPPORTED', 'unsupported numpy buffer in pickle');
    }
    const dims = shape instanceof PyTuple ? shape.items.map(Number) : [Number(shape)];
    const a = new NumpyArray();
    a.dtype = dtype;
    a.shape = dims;
    a.values = toCOrder(decodeNumeric(buf, dtype, product(dims)), dims, order === 'F');
    return a;
  },
  '_codecs.encode': (args) => {
    const s = String(args[0]);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
    return out;
  },
};

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function toCOrder(
  values: PickleValue[],
  shape: readonly number[],
  fortran: boolean,
): PickleValue[] {
  if (!fortran || shape.length < 2) return values;
  const n = values.length;
  const out = new Array<PickleValue>(n);
  const cStrides = shape.map((_, i) => product(shape.slice(i + 1)));
  const fStrides = shape.map((_, i) => product(shape.slice(0, i)));
  for (let c = 0; c < n; c++) {
    let rem = c;
    let f = 0;
    for (let k = 0; k < shape.length; k++) {
      const idx = Math.floor(rem / (cStrides[k] as number));
      rem -= idx * (cStrides[k] as number);
      f += idx * (fStrides[k] as number);
    }
    out[c] = values[f] as PickleValue;
  }
  return out;
}

function decodeNumeric(raw: Uint8Array, dtype: NumpyDType, n: number): PickleValue[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const little = dtype.byteOrder !== '>' && !dtype.descr.startsWith('>');
  const size = dtype.itemSize;
  const out: PickleValue[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (`${dtype.kind}${size}`) {
      case 'f8':
        out.push(view.getFloat64(o, little));
        break;
      case 'f4':
        out.push(view.getFloat32(o, little));
        break;
      case 'i8':
        out.push(view.getBigInt64(o, little));
        break;
      case 'u8':
        out.push(view.getBigUint64(o, little));
        break;
      case 'i4':
        out.push(view.getInt32(o, little));
        break;
      case 'u4':
        out.push(view.getUint32(o, little));
        break;
      case 'i2':
        out.push(view.getInt16(o, little));
        break;
      case 'u2':
        out.push(view.getUint16(o, little));
        break;
      case 'i1':
        out.push(view.getInt8(o));
        break;
      case 'u1':
        out.push(view.getUint8(o));
        break;
      case 'b1':
        out.push(view.getUint8(o) !== 0);
        break;
      default:
        throw new SdkError('E_UNSUPPORTED', `pickled numpy dtype ${dtype.descr} is not supported`);
    }
  }
  return out;
}

/** raw-unicode-escape (protocol 0 `V`): latin-1 bytes with `\uXXXX` / `\UXXXXXXXX` escapes. */
function rawUnicodeEscape(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x5c && (bytes[i + 1] === 0x75 || bytes[i + 1] === 0x55)) {
      const len = bytes[i + 1] === 0x75 ? 4 : 8;
      const hex = String.fromCharCode(...bytes.subarray(i + 2, i + 2 + len));
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + len;
        continue;
      }
    }
    out += String.fromCharCode(b);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Reads one pickle. Dicts become Maps, tuples `PyTuple`, numpy arrays `NumpyArray`; ints beyond
 * 2^53 are bigints.
 */
export function unpickle(
  data: Uint8Array,
  context: { file?: string; path?: string } = {},
): PickleValue {
  let pos = 0;
  const stack: Item[] = [];
  const metastack: Item[][] = [];
  const memo = new Map<number, Item>();
  const fail = (message: string, code: 'E_FORMAT' | 'E_UNSUPPORTED' = 'E_FORMAT'): never => {
    throw new SdkError(code, `pickle: ${message} (at byte ${pos})`, context);
  };
  const need = (n: number) => {
    if (pos + n > data.length) fail('truncated data');
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u8 = () => {
    need(1);
    return data[pos++] as number;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = () => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too large');
    return Number(v);
  };
  const take = (n: number) => {
    need(n);
    const b = data.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = () => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) fail('missing newline');
    const b = data.subarray(pos, end);
    pos = end + 1;
    return b;
  };
  const text = (b: Uint8Array) => String.fromCharCode(...b);
  const pop = (): Item => {
    if (stack.length === 0) fail('stack underflow');
    return stack.pop() as Item;
  };
  const value = (item: Item): PickleValue => {
    if (item === MARK_OBJ) return fail('unexpected MARK');
    return item as PickleValue;
  };
  const popMark = (): PickleValue[] => {
    const items = stack.splice(0);
    const previous = metastack.pop();
    if (previous === undefined) fail('MARK missing');
    stack.push(...(previous as Item[]));
    return items.map(value);
  };
  const top = () => {
    if (stack.length === 0) fail('stack underflow');
    return stack[stack.length - 1] as Item;
  };
  const smallInt = (n: bigint): number | bigint =>
    n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  const longLE = (b: Uint8Array): number | bigint => {
    let n = 0n;
    for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i] as number);
    if (b.length > 0 && ((b[b.length - 1] as number) & 0x80) !== 0) n -= 1n << BigInt(8 * b.length);
    return smallInt(n);
  };
  const global = (module: string, name: string): PyGlobal => {
    const fn = GLOBALS[`${module}.${name}`];
    if (!fn) return fail(`global ${module}.${name} is not allowed`, 'E_UNSUPPORTED');
    return new PyGlobal(`${module}.${name}`, fn);
  };
  const setItems = (target: Item, items: PickleValue[]) => {
    if (!(target instanceof Map)) fail('SETITEM(S) on a non-dict');
    for (let i = 0; i + 1 < items.length; i += 2) {
      (target as Map<PickleValue, PickleValue>).set(
        items[i] as PickleValue,
        items[i + 1] as PickleValue,
      );
    }
  };
  const build = (target: Item, state: PickleValue) => {
    if (target instanceof NumpyDType) {
      if (state instanceof PyTuple && typeof state.items[1] === 'string') {
        target.byteOrder = state.items[1];
      }
      return;
    }
    if (target instanceof NumpyArray) {
      const s = state instanceof PyTuple ? state.items : [];
      const [, shape, dtype, fortran, raw] = s;
      if (!(shape instanceof PyTuple) || !(dtype instanceof NumpyDType)) {
        fail('unexpected numpy array state');
      }
      const dims = (shape as PyTuple).items.map(Number);
      target.shape = dims;
      target.dtype = dtype as NumpyDType;
      const n = product(dims);
      let values: PickleValue[];
      if ((dtype as NumpyDType).kind === 'O') {
        if (!Array.isArray(raw)) return fail('object array without a list of values');
        values = raw as PickleValue[];
      } else if (raw instanceof Uint8Array) {
        values = decodeNumeric(raw, dtype as NumpyDType, n);
      } else if (typeof raw === 'string') {
        // protocol 0/1/2 numeric arrays: a latin-1 str of the bytes
        values = decodeNumeric(
          GLOBALS['_codecs.encode']!([raw]) as Uint8Array,
          dtype as NumpyDType,
          n,
        );
      } else {
        return fail('unexpected numpy array data');
      }
      if (values.length !== n) fail(`numpy array of shape [${dims}] has ${values.length} values`);
      // numpy lists object elements in C order whatever the layout; raw bytes are in memory order
      const isObject = (dtype as NumpyDType).kind === 'O';
      target.values = isObject ? values : toCOrder(values, dims, fortran === true || fortran === 1);
      return;
    }
    fail('BUILD on an unsupported object', 'E_UNSUPPORTED');
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return value(pop());
      case 0x28: // MARK
        metastack.push(stack.splice(0));
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x49: {
        // INT (text): 00/01 are False/True in protocol 0
        const t = text(line()).trim();
        if (t === '00') stack.push(false);
        else if (t === '01') stack.push(true);
        else stack.push(smallInt(BigInt(t)));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(smallInt(BigInt(text(line()).trim().replace(/L$/, ''))));
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(longLE(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(longLE(take(u32())));
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number(text(line()).trim()));
        break;
      case 0x47: {
        // BINFLOAT: big-endian double
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x53: {
        // STRING (text, a quoted repr)
        const v = parsePythonLiteral(utf8.decode(line()).trim());
        stack.push(typeof v === 'string' || v instanceof Uint8Array ? v : fail('bad STRING'));
        break;
      }
      case 0x54: // BINSTRING
        stack.push(text(take(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(text(take(u8())));
        break;
      case 0x56: // UNICODE (text)
        stack.push(rawUnicodeEscape(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8.decode(take(u64())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x98: // READONLY_BUFFER
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PyTuple([value(pop())]));
        break;
      case 0x86: {
        // TUPLE2
        const b = value(pop());
        stack.push(new PyTuple([value(pop()), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = value(pop());
        const b = value(pop());
        stack.push(new PyTuple([value(pop()), b, c]));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = value(pop());
        const list = top();
        if (!Array.isArray(list)) fail('APPEND to a non-list');
        (list as PickleValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) fail('APPENDS to a non-list');
        (list as PickleValue[]).push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const m = new Map<PickleValue, PickleValue>();
        setItems(m, popMark());
        stack.push(m);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = value(pop());
        const k = value(pop());
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x8f: // EMPTY_SET (sets become lists)
        stack.push([]);
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const set = top();
        if (!Array.isArray(set)) fail('ADDITEMS to a non-set');
        (set as PickleValue[]).push(...items);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(popMark());
        break;
      case 0x70: // PUT (text)
        memo.set(Number(text(line())), top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET (text)
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x67 ? Number(text(line())) : op === 0x68 ? u8() : u32();
        if (!memo.has(key)) fail(`memo key ${key} missing`);
        stack.push(memo.get(key) as Item);
        break;
      }
      case 0x63: {
        // GLOBAL (text)
        const module = text(line());
        stack.push(global(module, text(line())));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = value(pop());
        const module = value(pop());
        stack.push(global(String(module), String(name)));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = value(pop());
        const fn = pop();
        if (!(fn instanceof PyGlobal)) return fail('REDUCE on a non-callable');
        stack.push(fn.call(args instanceof PyTuple ? args.items : []));
        break;
      }
      case 0x62: {
        // BUILD
        const state = value(pop());
        build(top(), state);
        break;
      }
      default:
        fail(`opcode 0x${op.toString(16)} is not supported`, 'E_UNSUPPORTED');
    }
  }
}
