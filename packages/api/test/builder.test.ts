// RMA builder, Python formatting and URL quoting against allensdk 2.16.2 (exact string equality).
import { describe, expect, it } from 'vitest';
import {
  ConnectedServices,
  OntologiesApi,
  pyF,
  pyFloatRepr,
  pythonParseQsl,
  pythonQuote,
  RMA_SAFE_CHARS,
  RmaApi,
  rma,
} from '../src/index.js';
import { readFixture, type UrlsFixture } from './helpers.js';

const fx = readFixture<UrlsFixture>('urls.json');
const B = 'http://api.brain-map.org/api/v2/data';

const camel: Record<string, string> = { num_rows: 'numRows', start_row: 'startRow' };
const toOptions = (kw: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(kw).map(([k, v]) => [camel[k] ?? k, v]));

function callBuilder(fn: string, args: unknown[], kwargs: Record<string, unknown>): string {
  // biome-ignore lint/suspicious/noExplicitAny: fixture arguments are untyped JSON
  const a = args as any[];
  switch (fn) {
    case 'build_query_url':
      return rma.buildQueryUrl(B, a[0] as string, (a[1] as string | undefined) ?? 'json');
    case 'model_stage':
      return rma.modelStage(a[0] as string, toOptions(kwargs));
    case 'options_clause':
      return rma.optionsClause(toOptions(kwargs));
    case 'debug_clause':
      return rma.debugClause(a[0]);
    case 'order_clause':
      return rma.orderClause(a[0]);
    case 'only_except_tabular_clause':
      return rma.onlyExceptTabularClause(a[0], a[1]);
    case 'filter':
      return rma.filter(a[0], a[1]);
    case 'filters':
      return rma.filters(a[0]);
    case 'tuple_filters':
      return rma.tupleFilters(a[0]);
    case 'service_stage':
      return rma.serviceStage(a[0], a[1]);
    case 'pipe_stage':
      return rma.pipeStage(a[0], a[1]);
    case 'quote_string':
      return rma.quoteString(a[0]);
    case 'build_schema_query':
      return rma.buildSchemaQuery(B, a[0], (a[1] as string | undefined) ?? 'json');
    default:
      throw new Error(`no TS mapping for builder ${fn}`);
  }
}

describe('URL quoting = Python quote(url, safe=";/?:@&=+$,")', () => {
  it.each(fx.quote)('quote(%j)', (input, expected) => {
    expect(pythonQuote(input, RMA_SAFE_CHARS)).toBe(expected);
  });

  it('parse_qsl drops blank values and decodes + as space', () => {
    expect(pythonParseQsl('a=1&b=&c&d=x+y%21&e=%E2%9C%93')).toEqual([
      ['a', '1'],
      ['d', 'x y!'],
      ['e', '✓'],
    ]);
  });
});

describe('RMA builder (reference-generated strings)', () => {
  it.each(fx.builder.map((b, i) => [i, b.fn, b] as const))('#%i %s', (_i, _fn, b) => {
    if (b.error) {
      expect(() => callBuilder(b.fn, b.args, b.kwargs)).toThrow();
    } else {
      expect(callBuilder(b.fn, b.args, b.kwargs)).toBe(b.out);
    }
  });

  it('golden strings of the spec', () => {
    const api = new RmaApi();
    expect(
      api.buildQueryUrl(
        api.modelStage('Structure', {
          criteria: '[graph_id$in1]',
          include: 'structure_sets',
          order: ['structures.graph_order'],
          numRows: 'all',
          count: false,
        }),
      ),
    ).toBe(
      "http://api.brain-map.org/api/v2/data/query.json?q=model::Structure,rma::criteria,[graph_id$in1],rma::include,structure_sets,rma::options[num_rows$eq'all'][order$eqstructures.graph_order][count$eqfalse]",
    );
    expect(
      pythonQuote(
        api.buildQueryUrl(
          api.modelStage('Structure', {
            criteria: '[graph_id$in1]',
            include: 'structure_sets',
            order: ['structures.graph_order'],
            numRows: 'all',
            count: false,
          }),
        ),
        RMA_SAFE_CHARS,
      ),
    ).toBe(
      'http://api.brain-map.org/api/v2/data/query.json?q=model::Structure,rma::criteria,%5Bgraph_id$in1%5D,rma::include,structure_sets,rma::options%5Bnum_rows$eq%27all%27%5D%5Border$eqstructures.graph_order%5D%5Bcount$eqfalse%5D',
    );
    expect(
      rma.modelStage('ProjectionStructureUnionize', {
        criteria:
          '[section_data_set_id$in126862385][is_injection$eqfalse][hemisphere_id$in1,2][structure_id$in385]',
        numRows: 'all',
        count: false,
      }),
    ).toBe(
      "model::ProjectionStructureUnionize,rma::criteria,[section_data_set_id$in126862385][is_injection$eqfalse][hemisphere_id$in1,2][structure_id$in385],rma::options[num_rows$eq'all'][count$eqfalse]",
    );
    expect(api.buildSchemaQuery('Structure')).toBe(
      'http://api.brain-map.org/api/v2/data/Structure.json',
    );
  });

  it('excpt together with except warns and except wins', () => {
    const warnings: string[] = [];
    const saved = rma.builderWarnings.warn;
    rma.builderWarnings.warn = (m) => warnings.push(m);
    try {
      expect(rma.optionsClause({ except: ['a'], excpt: ['b'] })).toBe('rma::options[except$eqa]');
    } finally {
      rma.builderWarnings.warn = saved;
    }
    expect(warnings).toHaveLength(1);
  });
});

describe('RmaTemplate', () => {
  it.each(fx.templates.map((t, i) => [i, t.name, t] as const))('#%i %s', (_i, _n, t) => {
    const api = new OntologiesApi();
    if (t.error) {
      expect(() => api.templateArgs(t.group, t.name, t.kwargs)).toThrow(t.error);
      return;
    }
    const { model, options } = api.templateArgs(t.group, t.name, t.kwargs);
    expect(api.buildQueryUrl(api.modelStage(model, options))).toBe(t.url);
  });
});

describe('ConnectedServices', () => {
  it.each(fx.connected_services.map((c) => [c.service, c] as const))('%s', (_s, c) => {
    expect(new ConnectedServices().buildUrl(c.service, c.kwargs)).toBe(c.url);
  });
});

describe('Python number formatting', () => {
  // KATs checked by hand against CPython 3.11 ('%f' rounds half to even on the exact binary value).
  it.each([
    [0.0078125, '0.007812'],
    [0.0234375, '0.023438'],
    [2.5, '2.500000'],
    [-1.25, '-1.250000'],
    [1e-7, '0.000000'],
    [123456789.125, '123456789.125000'],
    [0.0125, '0.012500'],
  ])('%%f of %d', (x, s) => {
    expect(pyF(x)).toBe(s);
  });

  it.each([
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [0.0001, '0.0001'],
    [123.456, '123.456'],
    [1.5e-10, '1.5e-10'],
    [-2.5e22, '-2.5e+22'],
  ])('repr(%d)', (x, s) => {
    expect(pyFloatRepr(x)).toBe(s);
  });
});
