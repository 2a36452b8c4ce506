import { readFileSync } from 'node:fs';

/**
 * JSON as Python's `json` module writes it with `allow_nan=True`: the bare tokens `NaN`,
 * `Infinity` and `-Infinity` are numbers. Only for reading oracle fixtures in tests.
 */
export function parsePythonJson(text: string): unknown {
  // Replace the bare tokens (outside strings) with strings that cannot occur in fixtures, then revive.
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('NaN', i)) {
      out += '"\\u0000NaN"';
      i += 3;
    } else if (text.startsWith('-Infinity', i)) {
      out += '"\\u0000-Inf"';
      i += 9;
    } else if (text.startsWith('Infinity', i)) {
      out += '"\\u0000Inf"';
      i += 8;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out, (_key, value: unknown) => {
    if (value === '\u0000NaN') return Number.NaN;
    if (value === '\u0000Inf') return Number.POSITIVE_INFINITY;
    if (value === '\u0000-Inf') return Number.NEGATIVE_INFINITY;
    return value;
  });
}

export function readPythonJson(url: URL): unknown {
  return parsePythonJson(readFileSync(url, 'utf8'));
}

export const fixtureUrl = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url);

/** JSON with bare NaN / Infinity / -Infinity tokens, as Python's json module reads them. */
export function stringifyPythonJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return Number.isNaN(v) ? '\u0000NaN' : v > 0 ? '\u0000Inf' : '\u0000-Inf';
    }
    return v;
  });
  return text
    .replaceAll('"\\u0000NaN"', 'NaN')
    .replaceAll('"\\u0000Inf"', 'Infinity')
    .replaceAll('"\\u0000-Inf"', '-Infinity');
}
