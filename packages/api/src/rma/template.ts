/**
 * `RmaTemplate`: named query templates with a Jinja subset (`{{ var }}` and
 * `{% if var is defined %}…{% endif %}`), and the reference's option-precedence quirk.
 */
import { SdkError } from '@sdk/core';
import type { ApiRecord } from '../api.js';
import { pyStr } from '../python/format.js';
import type { ModelStageOptions } from './builder.js';
import { quoteString } from './builder.js';
import { RmaApi } from './rmaApi.js';

export interface RmaTemplateEntry {
  name: string;
  description?: string;
  model: string;
  criteria?: string;
  include?: string;
  criteria_params?: readonly string[];
  include_params?: readonly string[];
  only?: readonly string[];
  except?: readonly string[];
  start_row?: number;
  num_rows?: number | 'all';
  count?: boolean;
  order?: readonly string[];
}

export type QueryManifest = Record<string, readonly RmaTemplateEntry[]>;

/**
 * Keyword arguments of `template_query`, Python spelling: template parameters (`graph_ids`…) and
 * the options `only`, `except`, `start_row`, `num_rows`, `count`, `order`, `debug`, `tabular`…
 */
export type TemplateKwargs = Record<string, unknown>;

/** `to_filter_rhs`: a list renders comma-joined. */
export function toFilterRhs(v: unknown): unknown {
  return Array.isArray(v) ? v.map((x) => pyStr(x)).join(',') : v;
}

/** Renders the Jinja subset the Allen SDK templates use; an undefined variable renders empty. */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  const withIfs = template.replace(
    /\{%-?\s*if\s+(\w+)\s+is\s+defined\s*-?%\}([\s\S]*?)\{%-?\s*endif\s*-?%\}/g,
    (_m, name: string, body: string) => (name in vars ? body : ''),
  );
  return withIfs.replace(/\{\{-?\s*(\w+)\s*-?\}\}/g, (_m, name: string) =>
    name in vars ? pyStr(vars[name]) : '',
  );
}

const OPTION_KEYS: Record<string, keyof ModelStageOptions> = {
  filters: 'filters',
  criteria: 'criteria',
  include: 'include',
  only: 'only',
  except: 'except',
  excpt: 'excpt',
  tabular: 'tabular',
  num_rows: 'numRows',
  start_row: 'startRow',
  order: 'order',
  debug: 'debug',
  count: 'count',
};

export class RmaTemplate extends RmaApi {
  templates: QueryManifest = {};

  /** Renders template `name` of `group` with `kwargs` and returns its model-stage arguments. */
  templateArgs(
    group: string,
    name: string,
    kwargs: TemplateKwargs = {},
  ): { model: string; options: ModelStageOptions } {
    const entries = this.templates[group] ?? [];
    const template = entries.find((e) => e.name === name);
    if (!template)
      throw new SdkError('E_NOT_FOUND', `Entry ${name} not found.`, { path: `${group}.${name}` });
    const args: Record<string, unknown> = {};
    const given = (k: string) => k in kwargs;
    const params = (keys: readonly string[] | undefined) => {
      const out: Record<string, unknown> = {};
      for (const k of keys ?? []) {
        const v = kwargs[k];
        if (given(k) && v !== null && v !== undefined) out[k] = toFilterRhs(v);
      }
      return out;
    };
    if (template.criteria !== undefined) {
      const s = renderTemplate(template.criteria, params(template.criteria_params));
      if (s) args.criteria = s;
    }
    if (template.include !== undefined) {
      const s = renderTemplate(template.include, params(template.include_params));
      if (s) args.include = s;
    }
    const joined = (v: unknown) => [quoteString((v as string[]).join(','))];
    if (given('only')) {
      if (kwargs.only !== null && kwargs.only !== undefined) args.only = joined(kwargs.only);
    } else if (template.only !== undefined) args.only = joined(template.only);
    if (given('except')) {
      if (kwargs.except !== null && kwargs.except !== undefined)
        args.except = joined(kwargs.except);
    } else if (template.except !== undefined) args.except = template.except;
    for (const k of ['start_row', 'num_rows', 'count', 'order'] as const) {
      if (given(k)) args[k] = kwargs[k];
      else if (template[k] !== undefined) args[k] = template[k];
    }
    // The reference then copies every kwarg over these (query_args.update(kwargs)), so a raw
    // `only=['a','b']` kwarg finally wins unquoted. Kept on purpose.
    Object.assign(args, kwargs);
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) {
      const key = OPTION_KEYS[k];
      if (key) options[key] = v;
    }
    return { model: template.model, options: options as ModelStageOptions };
  }

  /** `template_query`: render the entry and run it as a model query. */
  templateQuery(group: string, name: string, kwargs: TemplateKwargs = {}): Promise<ApiRecord[]> {
    const { model, options } = this.templateArgs(group, name, kwargs);
    return this.modelQuery(model, options);
  }
}
