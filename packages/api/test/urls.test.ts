// Every query method builds the same requests as allensdk 2.16.2 (fixtures/urls.json, recorded by
// tooling/oracle/generators/api_urls.py with the reference's HTTP layer patched). Exact equality.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSdkError } from '@sdk/core';
import { FsCacheStore } from '@sdk/core/node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AnnotatedSectionDataSetsApi,
  type Api,
  BiophysicalApi,
  BrainObservatoryApi,
  CellTypesApi,
  EcephysProjectWarehouseApi,
  GlifApi,
  GridDataApi,
  ImageDownloadApi,
  MouseAtlasApi,
  MouseConnectivityApi,
  OntologiesApi,
  pythonQuote,
  ReferenceSpaceApi,
  RMA_SAFE_CHARS,
  RmaApi,
  SvgApi,
  SynchronizationApi,
  TreeSearchApi,
} from '../src/index.js';
import { type RecordedRequest, readFixture, type UrlCase, type UrlsFixture } from './helpers.js';

const fx = readFixture<UrlsFixture>('urls.json');
const tmp = mkdtempSync(join(tmpdir(), 'sdk-api-urls-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The generator ran in a temporary working directory; `@cacheable` downloads resolve their
// relative paths in the cache store, here a store rooted in a directory standing for that cwd.
const cwd = join(tmp, 'cwd');
const cacheStore = new FsCacheStore({ root: cwd });
const relative = (path: string) =>
  path.startsWith(`${cwd}/`)
    ? path.slice(cwd.length + 1)
    : path.startsWith(tmp)
      ? `__TMP__${path.slice(tmp.length)}`
      : path;

type Recorder = { requests: RecordedRequest[] };

/** Replaces the HTTP methods of `api` the way the generator patched allensdk's Api. */
function patch<T extends Api>(api: T, c: UrlCase, rec: Recorder): T {
  const responses = structuredClone(c.responses);
  const next = () => responses.shift() ?? { success: true, num_rows: 0, total_rows: 0, msg: [] };
  api.retrieveParsedJsonOverHttp = async (url: string, o: { post?: boolean } = {}) => {
    rec.requests.push({
      kind: 'json',
      url,
      post: o.post ?? false,
      sent: pythonQuote(url, RMA_SAFE_CHARS),
    });
    return next();
  };
  api.retrieveFileOverHttp = async (url: string, path: string, o: { zipped?: boolean } = {}) => {
    rec.requests.push({
      kind: 'file',
      url,
      path: relative(path),
      zipped: o.zipped ?? false,
    });
  };
  api.retrieveXmlOverHttp = async (url: string) => {
    rec.requests.push({ kind: 'xml', url });
    return '<svg/>';
  };
  return api;
}

function patchEcephys(
  api: EcephysProjectWarehouseApi,
  c: UrlCase,
  rec: Recorder,
): EcephysProjectWarehouseApi {
  const responses = structuredClone(c.responses);
  api.rmaEngine.getJson = async (url: string) => {
    rec.requests.push({ kind: 'rma_page', url });
    return responses.shift() ?? { success: true, num_rows: 0, total_rows: 0, msg: [] };
  };
  api.rmaEngine.stream = async (route: string) => {
    rec.requests.push({ kind: 'stream', url: route });
  };
  return api;
}

type Call = (c: UrlCase, rec: Recorder) => Promise<unknown>;
const P =
  <T extends Api>(make: () => T, f: (api: T) => Promise<unknown>): Call =>
  (c, rec) =>
    f(patch(make(), c, rec));
const E =
  (f: (api: EcephysProjectWarehouseApi) => Promise<unknown>): Call =>
  (c, rec) =>
    f(patchEcephys(new EcephysProjectWarehouseApi(), c, rec));
const rmaApi = () => new RmaApi();
const ct = () => new CellTypesApi({ cacheStore });
const glif = () => new GlifApi();
const bio = () => new BiophysicalApi();
const rs = () => new ReferenceSpaceApi({ cacheStore });
const gd = () => new GridDataApi();
const mca = () => new MouseConnectivityApi({ cacheStore });
const onto = () => new OntologiesApi();
const bo = () => new BrainObservatoryApi({ cacheStore });
const ma = () => new MouseAtlasApi({ cacheStore });
const img = () => new ImageDownloadApi();
const asd = () => new AnnotatedSectionDataSetsApi();

const calls: Record<string, Call> = {
  'RmaApi.model_query': P(rmaApi, (a) =>
    a.modelQuery('Gene', {
      filters: { acronym: "'Pdyn'" },
      only: ['id', 'acronym'],
      numRows: 5,
      startRow: 10,
    }),
  ),
  'RmaApi.model_query.all_options': P(rmaApi, (a) =>
    a.modelQuery('Structure', {
      criteria: '[graph_id$in1]',
      include: 'structure_sets',
      only: ['id'],
      except: ['name'],
      tabular: ['structures.id+as+sid', 'acronym'],
      numRows: 'all',
      startRow: 0,
      order: ['structures.graph_order+desc'],
      debug: true,
      count: true,
    }),
  ),
  'RmaApi.service_query': P(rmaApi, (a) =>
    a.serviceQuery('mouse_connectivity_injection_coordinate', [
      ['seed_point', [6900, 5050, 6450]],
      ['primary_structure_only', true],
      ['num_rows', 2],
    ]),
  ),
  'RmaApi.get_schema': P(rmaApi, (a) => a.getSchema('Structure')),
  'RmaApi.get_schema.all': P(rmaApi, (a) => a.getSchema()),
  'RmaApi.load_api_schema': P(rmaApi, (a) => a.loadApiSchema()),
  'CellTypesApi.list_cells_api': P(ct, (a) => a.listCellsApi()),
  'CellTypesApi.list_cells_api.id': P(ct, (a) => a.listCellsApi({ id: 485909730 })),
  'CellTypesApi.get_cell': P(ct, (a) => a.getCell(485909730)),
  'CellTypesApi.get_ephys_sweeps': P(ct, (a) => a.getEphysSweeps(485909730)),
  'CellTypesApi.get_ephys_features': P(ct, (a) => a.getEphysFeatures()),
  'CellTypesApi.get_morphology_features': P(ct, (a) => a.getMorphologyFeatures()),
  'CellTypesApi.save_ephys_data': P(ct, (a) => a.saveEphysData(485909730, 'out/485909730.nwb')),
  'CellTypesApi.save_reconstruction': P(ct, (a) => a.saveReconstruction(485909730, 'out/r.swc')),
  'CellTypesApi.save_reconstruction_markers': P(ct, (a) =>
    a.saveReconstructionMarkers(485909730, 'out/r.marker'),
  ),
  'CellTypesApi.save_reconstruction_markers.missing': P(ct, (a) =>
    a.saveReconstructionMarkers(485909730, 'out/r.marker'),
  ),
  'GlifApi.get_neuronal_model_templates': P(glif, (a) => a.getNeuronalModelTemplates()),
  'GlifApi.get_neuronal_models': P(glif, (a) => a.getNeuronalModels([486558444, 485909730])),
  'GlifApi.get_neuronal_models.none': P(glif, (a) => a.getNeuronalModels()),
  'GlifApi.get_neuronal_models_by_id': P(glif, (a) => a.getNeuronalModelsById([566283540])),
  'GlifApi.get_neuron_configs': P(glif, async (a) =>
    Object.fromEntries(await a.getNeuronConfigs([566283540, 486557295])),
  ),
  'BiophysicalApi.get_neuronal_models': P(bio, (a) => a.getNeuronalModels([485909730, 486558444])),
  'BiophysicalApi.get_neuronal_models.types': P(bio, (a) =>
    a.getNeuronalModels([485909730], { modelTypeIds: [491455321] }),
  ),
  'BiophysicalApi.get_well_known_file_ids': P(bio, (a) => a.getWellKnownFileIds(491623973)),
  'BiophysicalApi.cache_data': P(bio, (a) => a.cacheData(491623973, tmp)),
  'ReferenceSpaceApi.download_annotation_volume': P(rs, (a) =>
    a.downloadAnnotationVolume(null, 25, 'out/annotation_25.nrrd'),
  ),
  'ReferenceSpaceApi.download_annotation_volume.2016': P(rs, (a) =>
    a.downloadAnnotationVolume('annotation/ccf_2016', 10, 'out/a.nrrd'),
  ),
  'ReferenceSpaceApi.download_template_volume': P(rs, (a) =>
    a.downloadTemplateVolume(50, 'out/t.nrrd'),
  ),
  'ReferenceSpaceApi.download_structure_mask': P(rs, (a) =>
    a.downloadStructureMask(385, null, 25, 'out/m.nrrd'),
  ),
  'ReferenceSpaceApi.download_structure_mesh': P(rs, (a) =>
    a.downloadStructureMesh(385, 'annotation/ccf_2016', 'out/385.obj'),
  ),
  'ReferenceSpaceApi.download_mouse_atlas_volume': P(rs, (a) =>
    a.downloadMouseAtlasVolume('P56', 'atlasVolume', 'out/atlasVolume/atlasVolume.mhd'),
  ),
  'ReferenceSpaceApi.download_volumetric_data': P(rs, (a) =>
    a.downloadVolumetricData('average_template', 'average_template_100.nrrd', {
      voxelResolution: 100,
    }),
  ),
  'ReferenceSpaceApi.download_volumetric_data.release': P(rs, (a) =>
    a.downloadVolumetricData('ara_nissl', 'ara_nissl_50.nrrd', {
      saveFilePath: 'out/n.nrrd',
      release: '2017-release',
      coordinateFramework: 'mouse_ccf_x',
    }),
  ),
  'GridDataApi.download_projection_grid_data': P(gd, (a) =>
    a.downloadProjectionGridData(126862385, {
      image: ['projection_density', 'injection_fraction'],
      resolution: 25,
      path: 'out/p.nrrd',
    }),
  ),
  'GridDataApi.download_projection_grid_data.bare': P(gd, (a) =>
    a.downloadProjectionGridData(126862385),
  ),
  'GridDataApi.download_gene_expression_grid_data': P(gd, (a) =>
    a.downloadGeneExpressionGridData(69816930, 'energy', 'out/energy/energy.mhd'),
  ),
  'GridDataApi.download_expression_grid_data': P(gd, (a) =>
    a.downloadExpressionGridData(69816930, { include: ['energy', 'intensity'] }),
  ),
  'GridDataApi.download_expression_grid_data.bare': P(gd, (a) =>
    a.downloadExpressionGridData(69816930, { path: 'out/e.zip' }),
  ),
  'GridDataApi.download_deformation_field': P(gd, (a) => a.downloadDeformationField(69816930)),
  'GridDataApi.download_alignment3d': P(gd, (a) => a.downloadAlignment3d(69816930)),
  'MouseConnectivityApi.get_experiments': P(mca, (a) => a.getExperiments(null)),
  'MouseConnectivityApi.get_experiments.ids': P(mca, (a) => a.getExperiments([385, 549])),
  'MouseConnectivityApi.get_experiments.scalar': P(mca, (a) => a.getExperiments(385)),
  'MouseConnectivityApi.get_experiments_api': P(mca, (a) => a.getExperimentsApi()),
  'MouseConnectivityApi.get_manual_injection_summary': P(mca, (a) =>
    a.getManualInjectionSummary(126862385),
  ),
  'MouseConnectivityApi.get_experiment_detail': P(mca, (a) => a.getExperimentDetail(126862385)),
  'MouseConnectivityApi.get_projection_image_info': P(mca, (a) =>
    a.getProjectionImageInfo(126862385, 70),
  ),
  'MouseConnectivityApi.build_reference_aligned_image_channel_volumes_url': P(mca, (a) =>
    a.getReferenceAlignedImageChannelVolumesUrl(126862385),
  ),
  'MouseConnectivityApi.download_reference_aligned_image_channel_volumes': P(mca, (a) =>
    a.downloadReferenceAlignedImageChannelVolumes(126862385),
  ),
  'MouseConnectivityApi.experiment_source_search': P(mca, (a) =>
    a.experimentSourceSearch({ injection_structures: 'Isocortex', primary_structure_only: true }),
  ),
  'MouseConnectivityApi.experiment_spatial_search': P(mca, (a) =>
    a.experimentSpatialSearch({ seed_point: [6900, 5050, 6450] }),
  ),
  'MouseConnectivityApi.experiment_injection_coordinate_search': P(mca, (a) =>
    a.experimentInjectionCoordinateSearch({
      seed_point: [6900, 5050, 6450],
      num_rows: 2,
      primary_structure_only: false,
      domain: null,
    }),
  ),
  'MouseConnectivityApi.experiment_correlation_search': P(mca, (a) =>
    a.experimentCorrelationSearch({ row: 112670853, structures: ['TH', 'HY'], threshold: 0.5 }),
  ),
  'MouseConnectivityApi.get_structure_unionizes': P(mca, (a) =>
    a.getStructureUnionizes([126862385], {
      isInjection: false,
      structureIds: [385],
      hemisphereIds: [1, 2],
    }),
  ),
  'MouseConnectivityApi.get_structure_unionizes.name': P(mca, (a) =>
    a.getStructureUnionizes([126862385, 100141219], {
      isInjection: true,
      structureName: 'Primary visual area',
      normalizedProjectionVolumeLimit: 0.0125,
      include: ['structure'],
      debug: 'preview',
      order: ['hemisphere_id'],
    }),
  ),
  'MouseConnectivityApi.download_injection_density': P(mca, (a) =>
    a.downloadInjectionDensity('out/id.nrrd', 126862385, 25),
  ),
  'MouseConnectivityApi.download_projection_density': P(mca, (a) =>
    a.downloadProjectionDensity('out/pd.nrrd', 126862385, 50),
  ),
  'MouseConnectivityApi.download_injection_fraction': P(mca, (a) =>
    a.downloadInjectionFraction('out/if.nrrd', 126862385, 100),
  ),
  'MouseConnectivityApi.download_data_mask': P(mca, (a) =>
    a.downloadDataMask('out/dm.nrrd', 126862385, 10),
  ),
  'MouseConnectivityApi.download_annotation_volume': P(mca, (a) =>
    a.downloadAnnotationVolume(null, 100, 'out/annotation_100.nrrd'),
  ),
  'OntologiesApi.get_structures.graph_ids': P(onto, (a) =>
    a.getStructures({ structureGraphIds: 1 }),
  ),
  'OntologiesApi.get_structures.graph_names': P(onto, (a) =>
    a.getStructures({ structureGraphNames: ["'Mouse Brain Atlas'"] }),
  ),
  'OntologiesApi.get_structures.set_ids': P(onto, (a) =>
    a.getStructures({ structureSetIds: [167587189, 112905828] }),
  ),
  'OntologiesApi.get_structures.set_names': P(onto, (a) =>
    a.getStructures({ structureSetNames: ["'Mouse Connectivity - Summary'"] }),
  ),
  'OntologiesApi.get_structures.first_wins': P(onto, (a) =>
    a.getStructures({ structureGraphIds: [1, 2], structureSetIds: [3] }),
  ),
  'OntologiesApi.get_structures_with_sets': P(onto, (a) => a.getStructuresWithSets([1])),
  'OntologiesApi.get_structure_graphs': P(onto, (a) => a.getStructureGraphs()),
  'OntologiesApi.get_structure_sets': P(onto, (a) => a.getStructureSets()),
  'OntologiesApi.get_structure_sets.ids': P(onto, (a) => a.getStructureSets([2, 3])),
  'OntologiesApi.get_atlases': P(onto, (a) => a.getAtlases()),
  'OntologiesApi.get_atlases_table': P(onto, (a) => a.getAtlasesTable()),
  'OntologiesApi.get_atlases_table.ids': P(onto, (a) => a.getAtlasesTable([1, 2])),
  'OntologiesApi.get_atlases_table.full': P(onto, (a) => a.getAtlasesTable([1], { brief: false })),
  'BrainObservatoryApi.get_ophys_experiments': P(bo, (a) => a.getOphysExperiments()),
  'BrainObservatoryApi.get_ophys_experiments.ids': P(bo, (a) =>
    a.getOphysExperiments([501940850, 502376461]),
  ),
  'BrainObservatoryApi.get_isi_experiments': P(bo, (a) => a.getIsiExperiments([1, 2])),
  'BrainObservatoryApi.list_isi_experiments': P(bo, (a) => a.listIsiExperiments()),
  'BrainObservatoryApi.list_column_definition_class_names': P(bo, (a) =>
    a.listColumnDefinitionClassNames(),
  ),
  'BrainObservatoryApi.get_column_definitions': P(bo, (a) =>
    a.getColumnDefinitions('ApiCamCellMetric'),
  ),
  'BrainObservatoryApi.get_stimulus_mappings': P(bo, (a) => a.getStimulusMappings()),
  'BrainObservatoryApi.get_stimulus_mappings.ids': P(bo, (a) => a.getStimulusMappings([7, 8])),
  'BrainObservatoryApi.get_cell_metrics': P(bo, (a) => a.getCellMetrics()),
  'BrainObservatoryApi.get_cell_metrics.ids': P(bo, (a) =>
    a.getCellMetrics([517394843, 517394850]),
  ),
  'BrainObservatoryApi.get_experiment_containers': P(bo, (a) => a.getExperimentContainers()),
  'BrainObservatoryApi.get_experiment_containers.ids': P(bo, (a) =>
    a.getExperimentContainers([511510736]),
  ),
  'BrainObservatoryApi.get_experiment_container_metrics': P(bo, (a) =>
    a.getExperimentContainerMetrics([4, 5]),
  ),
  'BrainObservatoryApi.save_ophys_experiment_data': P(bo, (a) =>
    a.saveOphysExperimentData(501940850, 'out/501940850.nwb'),
  ),
  'BrainObservatoryApi.save_ophys_experiment_analysis_data': P(bo, (a) =>
    a.saveOphysExperimentAnalysisData(501940850, 'out/a.h5'),
  ),
  'BrainObservatoryApi.save_ophys_experiment_event_data': P(bo, (a) =>
    a.saveOphysExperimentEventData(501940850, 'out/e.npz'),
  ),
  'BrainObservatoryApi.save_ophys_experiment_eye_gaze_data': P(bo, (a) =>
    a.saveOphysExperimentEyeGazeData(501940850, 501704220, 'out/g.h5'),
  ),
  'BrainObservatoryApi.get_cell_specimen_id_mapping': P(bo, (a) =>
    a.getCellSpecimenIdMapping('out/mapping.csv'),
  ),
  'MouseAtlasApi.get_genes': P(ma, (a) => a.getGenes()),
  'MouseAtlasApi.get_genes.chrom': P(ma, (a) =>
    a.getGenes({ organismIds: [2, 1], chromosomeIds: [7] }),
  ),
  'MouseAtlasApi.get_section_data_sets': P(ma, (a) => a.getSectionDataSets({ geneIds: [15, 16] })),
  'MouseAtlasApi.get_section_data_sets.products': P(ma, (a) =>
    a.getSectionDataSets({ geneIds: null, productIds: [3] }),
  ),
  'MouseAtlasApi.download_expression_density': P(ma, (a) =>
    a.downloadExpressionDensity('out/density/density.mhd', 69816930),
  ),
  'MouseAtlasApi.download_expression_energy': P(ma, (a) =>
    a.downloadExpressionEnergy('out/energy/energy.mhd', 69816930),
  ),
  'MouseAtlasApi.download_expression_intensity': P(ma, (a) =>
    a.downloadExpressionIntensity('out/intensity/intensity.mhd', 69816930),
  ),
  'ImageDownloadApi.get_section_image_ranges': P(img, (a) =>
    a.getSectionImageRanges([102146167, 102146168]),
  ),
  'ImageDownloadApi.get_section_data_sets_by_product': P(img, (a) =>
    a.getSectionDataSetsByProduct([5, 31]),
  ),
  'ImageDownloadApi.get_section_data_sets_by_product.failed': P(img, (a) =>
    a.getSectionDataSetsByProduct([5], { includeFailed: true }),
  ),
  'ImageDownloadApi.section_image_query': P(img, (a) => a.sectionImageQuery(126862385)),
  'ImageDownloadApi.atlas_image_query': P(img, (a) => a.atlasImageQuery(602630314)),
  'ImageDownloadApi.atlas_image_query.type': P(img, (a) =>
    a.atlasImageQuery(602630314, 'Atlas - Adult Mouse'),
  ),
  'ImageDownloadApi.download_image': P(img, (a) => a.downloadImage(102146167)),
  'ImageDownloadApi.download_image.all': P(img, (a) =>
    a.downloadImage(102146167, {
      path: 'out/i.jpg',
      downsample: 4,
      quality: 90,
      tumor_feature_annotation: true,
      tumor_feature_boundary: false,
      annotation: true,
      atlas: 1,
      projection: false,
      expression: true,
      colormap: [0.5, 'gray'],
      range: [0, 932, 0, 1279, 0, 4095],
      rgb: [0.5, 0.5, 0.5],
      contrast: [1, 2],
      view: 'projection',
      left: 10,
      top: 20,
      width: 300,
      height: 400,
      downsample_dimensions: true,
    }),
  ),
  'ImageDownloadApi.download_image.colormap_str': P(img, (a) =>
    a.downloadImage(102146167, {
      colormap: '0.5,0.2,0,256,0',
      annotation: false,
      projection: true,
    }),
  ),
  'ImageDownloadApi.download_section_image': P(img, (a) =>
    a.downloadSectionImage(102146167, { downsample: 2 }),
  ),
  'ImageDownloadApi.download_atlas_image': P(img, (a) =>
    a.downloadAtlasImage(100883867, { path: 'out/a.jpg', annotation: true }),
  ),
  'ImageDownloadApi.download_projection_image': P(img, (a) =>
    a.downloadProjectionImage(126862385, { projection: true, downsample: 3 }),
  ),
  'SvgApi.get_svg': P(
    () => new SvgApi(),
    (a) => a.getSvg(100883869, [28]),
  ),
  'SvgApi.get_svg.bare': P(
    () => new SvgApi(),
    (a) => a.getSvg(100883869),
  ),
  'SvgApi.download_svg': P(
    () => new SvgApi(),
    (a) => a.downloadSvg(100883869, { groups: [28, 159226751] }),
  ),
  'SynchronizationApi.get_image_to_atlas': P(
    () => new SynchronizationApi(),
    (a) => a.getImageToAtlas(68545324, 1500, 1000.25, 1),
  ),
  'SynchronizationApi.get_image_to_image': P(
    () => new SynchronizationApi(),
    (a) => a.getImageToImage(68545324, 6000, 5000, [71948325, 69782968]),
  ),
  'SynchronizationApi.get_image_to_image_2d': P(
    () => new SynchronizationApi(),
    (a) => a.getImageToImage2d(68173101, 6208, 2368, [68173103, 68173105]),
  ),
  'SynchronizationApi.get_reference_to_image': P(
    () => new SynchronizationApi(),
    (a) => a.getReferenceToImage(10, 6085, 3670, 4883.5, [68545324, 67810540]),
  ),
  'SynchronizationApi.get_image_to_reference': P(
    () => new SynchronizationApi(),
    (a) => a.getImageToReference(68545324, 6085, 3670),
  ),
  'SynchronizationApi.get_structure_to_image': P(
    () => new SynchronizationApi(),
    (a) => a.getStructureToImage(68545324, [315, 698]),
  ),
  'TreeSearchApi.get_tree': P(
    () => new TreeSearchApi(),
    (a) => a.getTree('Structure', 695, { ancestors: true, descendants: false }),
  ),
  'TreeSearchApi.get_tree.bare': P(
    () => new TreeSearchApi(),
    (a) => a.getTree('Specimen', 113817886),
  ),
  'TreeSearchApi.get_tree.desc': P(
    () => new TreeSearchApi(),
    (a) => a.getTree('Structure', 1, { descendants: true }),
  ),
  'AnnotatedSectionDataSetsApi.get_annotated_section_data_sets': P(asd, (a) =>
    a.getAnnotatedSectionDataSets([112763676], {
      intensityValues: ['High', 'Low'],
      densityValues: ['High'],
      patternValues: ['Full'],
      ageNames: ['E11.5', '13.5'],
    }),
  ),
  'AnnotatedSectionDataSetsApi.get_annotated_section_data_sets.bare': P(asd, (a) =>
    a.getAnnotatedSectionDataSets([112763676, 1], { intensityValues: [] }),
  ),
  'AnnotatedSectionDataSetsApi.get_annotated_section_data_sets_via_rma': P(asd, (a) =>
    a.getAnnotatedSectionDataSetsViaRma([112763676], {
      intensityValues: ['High', 'Low'],
      densityValues: ['High'],
      patternValues: ['Full'],
      ageNames: ['E11.5', '13.5'],
    }),
  ),
  'AnnotatedSectionDataSetsApi.get_annotated_section_data_sets_via_rma.bare': P(asd, (a) =>
    a.getAnnotatedSectionDataSetsViaRma([112763676]),
  ),
  'AnnotatedSectionDataSetsApi.get_compound_annotated_section_data_sets': P(asd, (a) =>
    a.getCompoundAnnotatedSectionDataSets([
      { structures: [112763676], intensity_values: ['High', 'Low'], link: 'or' },
      { structures: [12], intensity_values: ['High'], density_values: ['Low'], link: 'and' },
      { structures: [14, 15], intensity_values: ['Medium'] },
    ]),
  ),
  'EcephysProjectWarehouseApi.get_sessions': E((a) => a.getSessions()),
  'EcephysProjectWarehouseApi.get_sessions.filters': E((a) =>
    a.getSessions({
      sessionIds: [715093703, 719161530],
      hasEyeTracking: true,
      stimulusNames: ['brain_observatory_1.1'],
    }),
  ),
  'EcephysProjectWarehouseApi.get_sessions.no_eye': E((a) =>
    a.getSessions({ hasEyeTracking: false }),
  ),
  'EcephysProjectWarehouseApi.get_probes': E((a) => a.getProbes()),
  'EcephysProjectWarehouseApi.get_probes.ids': E((a) =>
    a.getProbes({ probeIds: [1, 2], sessionIds: [3] }),
  ),
  'EcephysProjectWarehouseApi.get_channels': E((a) =>
    a.getChannels({ channelIds: [5], probeIds: [6, 7] }),
  ),
  'EcephysProjectWarehouseApi.get_channels.bare': E((a) => a.getChannels()),
  'EcephysProjectWarehouseApi.get_units': E((a) =>
    a.getUnits({ unitIds: [1, 2], channelIds: [3], probeIds: [4], sessionIds: [5, 6] }),
  ),
  'EcephysProjectWarehouseApi.get_units.bare': E((a) => a.getUnits()),
  'EcephysProjectWarehouseApi.get_unit_analysis_metrics': E((a) =>
    a.getUnitAnalysisMetrics({
      unitIds: [1, 2],
      ecephysSessionIds: [3],
      sessionTypes: ['brain_observatory_1.1', 'x'],
    }),
  ),
  'EcephysProjectWarehouseApi.get_session_data': E((a) =>
    a.getSessionData(715093703, join(tmp, 's.nwb')),
  ),
  'EcephysProjectWarehouseApi.get_probe_lfp_data': E((a) =>
    a.getProbeLfpData(810755797, join(tmp, 'lfp.nwb')),
  ),
  'EcephysProjectWarehouseApi.get_natural_scene_template': E((a) =>
    a.getNaturalSceneTemplate(3, join(tmp, 's.tiff')),
  ),
  'EcephysProjectWarehouseApi.get_natural_movie_template': E((a) =>
    a.getNaturalMovieTemplate(1, join(tmp, 'm.npy')),
  ),
};

/**
 * Python failures after the requests, in the reference's file readers (the patched download wrote
 * nothing): FileNotFoundError from nrrd.read, read_obj and pd.read_csv, RuntimeError from
 * SimpleITK. The ported readers fail the same way, with E_NOT_FOUND.
 */
const READER_ERRORS = new Set(['FileNotFoundError', 'RuntimeError']);

/** Cases whose returned value is compared with the reference's (deep equality). */
const COMPARE_RESULT = new Set([
  'CellTypesApi.get_cell',
  'CellTypesApi.get_ephys_sweeps',
  'GlifApi.get_neuron_configs',
  'BiophysicalApi.get_well_known_file_ids',
  'BiophysicalApi.cache_data',
  'GridDataApi.download_alignment3d',
  'ImageDownloadApi.get_section_image_ranges',
  'MouseConnectivityApi.build_reference_aligned_image_channel_volumes_url',
]);

describe(`query classes build the requests of ${fx.reference}`, () => {
  it('covers every recorded case', () => {
    expect(fx.cases.map((c) => c.id).filter((id) => !(id in calls))).toEqual([]);
  });

  it.each(fx.cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const call = calls[c.id];
    if (!call) throw new Error(`no TS call for ${c.id}`);
    const rec: Recorder = { requests: [] };
    let result: unknown;
    let error: unknown;
    try {
      result = await call(c, rec);
    } catch (e) {
      error = e;
    }
    const expected = c.requests.map((r) => (r.kind === 'file' ? r : { ...r, path: undefined }));
    const actual = rec.requests.map((r) => (r.kind === 'file' ? r : { ...r, path: undefined }));
    expect(actual).toEqual(expected);
    if (c.error && !READER_ERRORS.has(c.error.type)) {
      expect(isSdkError(error)).toBe(true);
      if (c.error.type === 'LookupError')
        expect((error as { code: string }).code).toBe('E_NOT_FOUND');
      expect((error as Error).message).toContain(c.error.message);
    } else if (c.error) {
      expect(isSdkError(error, 'E_NOT_FOUND'), String(error)).toBe(true);
    } else {
      expect(error).toBeUndefined();
    }
    if (COMPARE_RESULT.has(c.id) || c.id.startsWith('EcephysProjectWarehouseApi.get_')) {
      if (!c.id.endsWith('_data') && !c.id.endsWith('_template')) expect(result).toEqual(c.result);
    }
  });
});
