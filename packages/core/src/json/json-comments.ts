import { type JsonValue, type ParsePythonJsonOptions, parsePythonJson } from './python-json.js';

export interface RemoveCommentsOptions {
  /**
   * Leave `//` and `/*` inside string literals alone. Default false: the reference cuts
   * `"http://x"` to `"http:` and this copies it, so that files behave as they do in Python.
   */
  stringAware?: boolean;
}

// The reference's patterns use Python `re` semantics; these spell them out for JS: `^`/`$` only
// at `\n` (JS's multiline mode also breaks at `\r`, U+2028, U+2029) and Python's `\s`, which
// includes U+001C..U+001F and U+0085 but not U+FEFF.
const PY_SPACE =
  '\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ONELINE_COMMENT = /\/\/[^\n]*/g;
const CARRIAGE_RETURN = /\r(?![^\n])/g;
const BLANK_LINE = new RegExp(`\\n?(?<![^\\n])[${PY_SPACE}]*(?![^\\n])`, 'g');

/**
 * Strips `//` and `/* *\/` comments as allensdk `JsonComments.remove_comments` does, in its order:
 * `//` to end of line, a `\r` before each line end, every `/*…*\/`, then blank lines.
 */
export function removeJsonComments(text: string, options: RemoveCommentsOptions = {}): string {
  let out = options.stringAware
    ? removeCommentsOutsideStrings(text)
    : text.replace(ONELINE_COMMENT, '');
  out = out.replace(CARRIAGE_RETURN, '');
  if (!options.stringAware) out = removeMultilineComments(out);
  return out.replace(BLANK_LINE, '');
}

/**
 * A literal port of `JsonComments.remove_multiline_comments`. Its loop visits every `/*`, even
 * those inside an earlier comment (their slices are empty), and on an unterminated `/*` it
 * appends the text from the end of the previous comment to the end of the input, so the text
 * before that `/*` appears twice. Ported as is because files must parse as they do in Python.
 */
function removeMultilineComments(text: string): string {
  const parts: string[] = [];
  let sliceStart = 0;
  for (const start of text.matchAll(/\/\*/g)) {
    const sliceEnd = start.index;
    parts.push(text.slice(sliceStart, Math.max(sliceStart, sliceEnd)));
    const searchStart = sliceEnd + 2;
    const end = text.indexOf('*/', searchStart);
    if (end < 0) break;
    sliceStart = end + 2;
  }
  parts.push(text.slice(sliceStart));
  return parts.join('');
}

/** `//` and `/*` comments removed only outside `"…"` literals; an unterminated `/*` drops the rest. */
function removeCommentsOutsideStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** `JsonComments.read_string`: strip comments, then parse. */
export function readJsonStringWithComments(
  text: string,
  options: RemoveCommentsOptions & ParsePythonJsonOptions = {},
): JsonValue {
  return parsePythonJson(removeJsonComments(text, options), options);
}

/** The allensdk class name, kept for readers of ported code (`JsonComments.readString(...)`). */
export const JsonComments = {
  readString: readJsonStringWithComments,
  removeComments: removeJsonComments,
} as const;
