/**
 * Python's `urllib.parse.quote` (what allensdk's `requests.utils.quote` is), byte for byte, so the
 * URLs we send are the ones the reference sends. Letters, digits and `_.-~` are never encoded;
 * `safe` adds more; every other UTF-8 byte becomes `%XX` (upper-case hex). `%` itself is encoded,
 * so an already-encoded URL is encoded twice, as in the reference.
 */
const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';

/** The `safe` set allensdk passes for RMA GETs. */
export const RMA_SAFE_CHARS = ';/?:@&=+$,';

const encoder = new TextEncoder();

export function pythonQuote(value: string, safe = '/'): string {
  const keep = new Set<number>();
  for (const ch of ALWAYS_SAFE + safe) {
    const code = ch.codePointAt(0);
    if (code !== undefined && code < 0x80) keep.add(code);
  }
  let out = '';
  for (const byte of encoder.encode(value)) {
    if (keep.has(byte)) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Python `urllib.parse.unquote_plus`: `+` is a space, `%XX` sequences are UTF-8 bytes. */
export function pythonUnquotePlus(value: string): string {
  const spaced = value.replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; i++) {
    const ch = spaced[i] as string;
    const hex = spaced.slice(i + 1, i + 3);
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of encoder.encode(ch)) bytes.push(b);
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

/**
 * Python `urllib.parse.parse_qsl(query)` with its defaults: pairs split on `&`, pairs without `=`
 * or with an empty value are dropped, keys and values are unquoted with `+` as space.
 */
export function pythonParseQsl(query: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const value = part.slice(eq + 1);
    if (!value) continue;
    out.push([pythonUnquotePlus(part.slice(0, eq)), pythonUnquotePlus(value)]);
  }
  return out;
}
