/** `OntologiesApi`: structures, structure graphs and sets, atlases. */
import type { ApiRecord } from '../api.js';
import { type QueryManifest, RmaTemplate } from '../rma/template.js';

const STRUCTURE_OPTIONS = {
  order: ['structures.graph_order'],
  num_rows: 'all',
  count: false,
} as const;

export const ONTOLOGY_TEMPLATES: QueryManifest = {
  ontology_queries: [
    {
      name: 'structures_by_graph_ids',
      model: 'Structure',
      criteria: '[graph_id$in{{ graph_ids }}]',
      ...STRUCTURE_OPTIONS,
      criteria_params: ['graph_ids'],
    },
    {
      name: 'structures_by_graph_names',
      model: 'Structure',
      criteria: 'graph[structure_graphs.name$in{{ graph_names }}]',
      ...STRUCTURE_OPTIONS,
      criteria_params: ['graph_names'],
    },
    {
      name: 'structures_by_set_ids',
      model: 'Structure',
      criteria: '[structure_set_id$in{{ set_ids }}]',
      ...STRUCTURE_OPTIONS,
      criteria_params: ['set_ids'],
    },
    {
      name: 'structures_by_set_names',
      model: 'Structure',
      criteria: 'structure_sets[name$in{{ set_names }}]',
      ...STRUCTURE_OPTIONS,
      criteria_params: ['set_names'],
    },
    { name: 'structure_graphs_list', model: 'StructureGraph', num_rows: 'all', count: false },
    { name: 'structure_sets_list', model: 'StructureSet', num_rows: 'all', count: false },
    { name: 'atlases_list', model: 'Atlas', num_rows: 'all', count: false },
    {
      name: 'atlases_table',
      model: 'Atlas',
      criteria:
        '{% if atlas_ids is defined %}[id$in{{ atlas_ids }}],{%endif%}structure_graph(ontology),graphic_group_labels',
      include: 'structure_graph(ontology),graphic_group_labels',
      only: [
        'atlases.id',
        'atlases.name',
        'atlases.image_type',
        'ontologies.id',
        'ontologies.name',
        'structure_graphs.id',
        'structure_graphs.name',
        'graphic_group_labels.id',
        'graphic_group_labels.name',
      ],
      num_rows: 'all',
      count: false,
      criteria_params: ['atlas_ids'],
    },
    {
      name: 'structures_with_sets',
      model: 'Structure',
      include: 'structure_sets',
      criteria: '[graph_id$in{{ graph_ids }}]',
      ...STRUCTURE_OPTIONS,
      criteria_params: ['graph_ids'],
    },
    {
      name: 'structure_sets_by_id',
      model: 'StructureSet',
      criteria: '[id$in{{ set_ids }}]',
      num_rows: 'all',
      count: false,
      criteria_params: ['set_ids'],
    },
  ],
};

type Ids = number | readonly number[];
type Names = string | readonly string[];

export interface StructureQueryOptions {
  order?: readonly string[];
  numRows?: number | 'all';
  count?: boolean;
}

export interface GetStructuresOptions extends StructureQueryOptions {
  structureGraphIds?: Ids | null;
  structureGraphNames?: Names | null;
  structureSetIds?: Ids | null;
  structureSetNames?: Names | null;
}

export class OntologiesApi extends RmaTemplate {
  override templates = ONTOLOGY_TEMPLATES;

  /**
   * Structures selected by the first given of graph ids, graph names, set ids, set names. Names
   * are sent as given: quote them yourself (`"'Mouse Brain Atlas'"`), as with the reference.
   */
  getStructures(options: GetStructuresOptions = {}): Promise<ApiRecord[]> {
    const { order = ['structures.graph_order'], numRows = 'all', count = false } = options;
    const common = { order, num_rows: numRows, count };
    const given = (v: unknown) => v !== null && v !== undefined;
    if (given(options.structureGraphIds)) {
      return this.templateQuery('ontology_queries', 'structures_by_graph_ids', {
        graph_ids: options.structureGraphIds,
        ...common,
      });
    }
    if (given(options.structureGraphNames)) {
      return this.templateQuery('ontology_queries', 'structures_by_graph_names', {
        graph_names: options.structureGraphNames,
        ...common,
      });
    }
    if (given(options.structureSetIds)) {
      return this.templateQuery('ontology_queries', 'structures_by_set_ids', {
        set_ids: options.structureSetIds,
        ...common,
      });
    }
    if (given(options.structureSetNames)) {
      return this.templateQuery('ontology_queries', 'structures_by_set_names', {
        set_names: options.structureSetNames,
        ...common,
      });
    }
    // The reference raises UnboundLocalError here.
    return Promise.reject(
      new TypeError('getStructures needs one of structureGraphIds/Names, structureSetIds/Names'),
    );
  }

  getStructuresWithSets(
    structureGraphIds: Ids,
    options: StructureQueryOptions = {},
  ): Promise<ApiRecord[]> {
    const { order = ['structures.graph_order'], numRows = 'all', count = false } = options;
    return this.templateQuery('ontology_queries', 'structures_with_sets', {
      graph_ids: structureGraphIds,
      order,
      num_rows: numRows,
      count,
    });
  }

  /** Adds `structure_set_ancestor` (the ids of `structure_id_path`, the structure included). */
  unpackStructureSetAncestors<T extends ApiRecord>(
    structures: readonly T[],
  ): Array<T & { structure_set_ancestor: number[] }> {
    return structures.map((s) => ({
      ...s,
      structure_set_ancestor: String(s.structure_id_path)
        .split('/')
        .slice(1, -1)
        .map((a) => Number.parseInt(a, 10)),
    }));
  }

  getAtlasesTable(
    atlasIds?: Ids | null,
    { brief = true }: { brief?: boolean } = {},
  ): Promise<ApiRecord[]> {
    return this.templateQuery(
      'ontology_queries',
      'atlases_table',
      brief ? { atlas_ids: atlasIds } : { atlas_ids: atlasIds, only: null },
    );
  }

  getAtlases(): Promise<ApiRecord[]> {
    return this.templateQuery('ontology_queries', 'atlases_list');
  }

  getStructureGraphs(): Promise<ApiRecord[]> {
    return this.templateQuery('ontology_queries', 'structure_graphs_list');
  }

  getStructureSets(structureSetIds?: readonly number[] | null): Promise<ApiRecord[]> {
    if (structureSetIds === null || structureSetIds === undefined) {
      return this.templateQuery('ontology_queries', 'structure_sets_list');
    }
    return this.templateQuery('ontology_queries', 'structure_sets_by_id', {
      set_ids: [...structureSetIds],
    });
  }
}
