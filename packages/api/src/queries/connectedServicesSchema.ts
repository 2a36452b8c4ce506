/**
 * The service schema of allensdk 2.16.2's `ConnectedServices._schema`, verbatim (generated from the
 * reference; the odd `values` entry of dev_human_correlation, two names run together, is theirs).
 */
export interface ConnectedServiceParameter {
  name: string;
  type?: string | readonly string[];
  optional?: boolean;
  values?: readonly unknown[];
  default?: unknown;
  array_type?: string | readonly string[];
  [key: string]: unknown;
}

export interface ConnectedServiceSchema {
  parameters: readonly ConnectedServiceParameter[];
  [key: string]: unknown;
}

export const CONNECTED_SERVICES_SCHEMA: Readonly<Record<string, ConnectedServiceSchema>> = {
  dev_human_correlation: {
    parameters: [
      {
        name: 'set',
        optional: true,
        type: 'string',
        values: ['rna_seq_genes', 'rna_seq_exons', 'exon_microarray_genesexon_microarray_exons'],
      },
      {
        name: 'donors',
        optional: true,
        type: 'array',
      },
      {
        name: 'structures',
        optional: false,
        type: 'array',
      },
      {
        name: 'probes',
        optional: false,
        type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: ['desc'],
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_human_differential: {
    parameters: [
      {
        name: 'set',
        type: 'string',
        values: [
          'rna_seq_genes',
          'rna_seq_exons',
          'exon_microarray_genes',
          'exon_microarray_exons',
        ],
      },
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        optional: true,
        array_type: 'integer',
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_by',
        type: 'string',
        optional: true,
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_human_expression: {
    parameters: [
      {
        name: 'set',
        type: 'string',
        values: [
          'rna_seq_genes',
          'rna_seq_exons',
          'exon_microarray_genes',
          'exon_microarray_exons',
        ],
      },
      {
        name: 'probes',
        type: 'integer',
      },
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_human_microarray_correlation: {
    parameters: [
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
      },
      {
        name: 'probes',
        type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_human_microarray_differential: {
    parameters: [
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_by',
        type: 'string',
        optional: true,
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_human_microarray_expression: {
    parameters: [
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
      {
        name: 'donors',
        type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'integer',
        optional: true,
      },
    ],
  },
  dev_mouse_agea: {
    parameters: [
      {
        name: 'seed_age',
        type: 'string',
      },
      {
        name: 'map_age',
        type: 'string',
      },
      {
        name: 'seed_point',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'seed_threshold',
        type: 'array',
        array_type: 'float',
      },
      {
        name: 'map_threshold',
        type: 'array',
        array_type: 'float',
      },
      {
        name: 'contrast_threshold',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'target_threshold',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  dev_mouse_correlation: {
    parameters: [
      {
        name: 'row',
        type: 'integer',
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'ages',
        type: 'array',
        array_type: 'string',
        optional: true,
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  gbm_correlation: {
    parameters: [
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
      },
      {
        name: 'probes',
        type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  gbm_differential: {
    parameters: [
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_by',
        type: 'string',
        optional: true,
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  gbm_expression: {
    parameters: [
      {
        name: 'probes',
        type: 'integer',
        array_type: 'integer',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
      {
        name: 'donors',
        type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'integer',
        optional: true,
      },
    ],
  },
  gbm_ish_differential: {
    parameters: [
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'threshold1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'threshold2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  gbm_ish_expression: {
    parameters: [
      {
        name: 'structures',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'threshold',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  human_microarray_correlation: {
    parameters: [
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
      },
      {
        name: 'probes',
        type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  human_microarray_differential: {
    parameters: [
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        optional: true,
        array_type: 'integer',
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_by',
        type: 'string',
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  human_microarray_expression: {
    parameters: [
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_agea: {
    parameters: [
      {
        name: 'set',
        type: 'string',
      },
      {
        name: 'seed_age',
        type: 'string',
      },
      {
        name: 'map_age',
        type: 'string',
      },
      {
        name: 'seed_point',
        type: 'array',
        array_type: 'float',
      },
      {
        name: 'correlation_threshold1',
        type: 'float',
        optional: true,
      },
      {
        name: 'correlation_threshold2',
        type: 'float',
        optional: true,
      },
      {
        name: 'threshold1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'threshold2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_correlation: {
    parameters: [
      {
        name: 'set',
        type: 'string',
        values: ['mouse', 'mouse_coronal'],
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'row',
        type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_differential: {
    parameters: [
      {
        name: 'set',
        type: 'string',
        values: ['mouse', 'mouse_coronal'],
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'threshold1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'threshold2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_connectivity_correlation: {
    parameters: [
      {
        name: 'row',
        type: 'integer',
      },
      {
        name: 'structures',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'product_ids',
        type: 'array',
        array_type: ['integer'],
        optional: true,
      },
      {
        name: 'hemisphere',
        type: 'string',
        optional: true,
        values: ['right', 'left'],
      },
      {
        name: 'transgenic_lines',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'injection_structures',
        type: 'Array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'primary_structure_only',
        type: 'boolean',
        optional: true,
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_connectivity_injection_coordinate: {
    parameters: [
      {
        name: 'seed_point',
        type: 'array',
        array_type: 'float',
        optional: false,
      },
      {
        name: 'transgenic_lines',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'injection_structures',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'product_ids',
        type: 'array',
        array_type: ['integer'],
        optional: true,
      },
      {
        name: 'primary_structure_only',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_connectivity_injection_structure: {
    parameters: [
      {
        name: 'injection_structures',
        type: 'array',
        array_type: ['integer', 'string'],
      },
      {
        name: 'target_domain',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'injection_hemisphere',
        type: 'string',
        optional: true,
        values: ['right', 'left'],
      },
      {
        name: 'target_hemisphere',
        type: 'string',
        optional: true,
        values: ['right', 'left'],
      },
      {
        name: 'transgenic_lines',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'injection_domain',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'product_ids',
        type: 'array',
        array_type: ['integer'],
        optional: true,
      },
      {
        name: 'primary_structure_only',
        type: 'boolean',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  mouse_connectivity_target_spatial: {
    parameters: [
      {
        name: 'seed_point',
        type: 'array',
        array_type: 'float',
      },
      {
        name: 'transgenic_lines',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'section_data_set',
        type: 'integer',
        optional: true,
      },
      {
        name: 'injection_structures',
        type: 'array',
        array_type: ['integer', 'string'],
        optional: true,
      },
      {
        name: 'product_ids',
        type: 'array',
        array_type: ['integer'],
        optional: true,
      },
      {
        name: 'primary_structure_only',
        type: 'boolean',
        optional: true,
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_lmd_microarray_correlation: {
    parameters: [
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_lmd_microarray_differential: {
    parameters: [
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures2',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_by',
        type: 'string',
        optional: true,
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_lmd_microarray_expression: {
    parameters: [
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_macro_microarray_correlation: {
    parameters: [
      {
        name: 'donors',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'sort_order',
        type: 'string',
        optional: true,
        values: ['asc', 'desc'],
        default: 'desc',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_macro_microarray_differential: {
    parameters: [
      {
        name: 'donors1',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures1',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'donors2',
        type: 'array',
        array_type: 'integer',
        optional: true,
      },
      {
        name: 'structures2',
        array_type: 'integer',
        type: 'array',
      },
      {
        name: 'sort_by',
        type: 'string',
        optional: true,
        values: ['p-value', 'fold-change'],
        default: 'p-value',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  nhp_macro_microarray_expression: {
    parameters: [
      {
        name: 'probes',
        type: 'array',
        array_type: 'integer',
      },
      {
        name: 'start_row',
        type: 'integer',
        optional: true,
        default: 0,
      },
      {
        name: 'num_rows',
        type: 'integer',
        optional: true,
        default: 2000,
      },
    ],
  },
  text_search: {
    parameters: [
      {
        name: 'query_string',
        type: 'string',
      },
      {
        name: 'k',
        type: 'string',
      },
    ],
  },
};
