"""Write packages/api/test/fixtures/urls.json: the exact HTTP traffic allensdk 2.16.2 produces.

Every query method of the reference is called with its HTTP layer patched to record requests
instead of sending them (``Api.retrieve_parsed_json_over_http``, ``retrieve_file_over_http``,
``retrieve_xml_over_http``, the ecephys ``RmaEngine``'s ``requests.get`` and ``stream``). Each
patched JSON call answers with the next canned response of its case, so code paths that read
the response (download links, paging) run as they do against the real server.

Layout of urls.json:
  cases[]      {id, cls, method, args, kwargs, responses[], requests[], result?, error?}
               requests[]: {kind: json|file|xml|rma_page|stream, url, post?, sent?, path?, zipped?}
               ``sent`` is the URL as put on the wire (after ``requests.utils.quote``).
  quote[]      [input, requests.utils.quote(input, ';/?:@&=+$,')] over printable ASCII and more
  builder[]    {fn, args, kwargs, out}: RmaApi builder functions called directly
  templates[]  {cls, group, name, kwargs, url}: RmaTemplate.template_query URLs
  biophys      BiophysicalApi.read_json over ../shared/data/allensdk/api/472451419_response.json
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fixture_dir, record, repo_root, write_json  # noqa: E402

import requests  # noqa: E402

import allensdk.api.api as api_mod  # noqa: E402
from allensdk.api.queries.annotated_section_data_sets_api import AnnotatedSectionDataSetsApi  # noqa: E402
from allensdk.api.queries.biophysical_api import BiophysicalApi  # noqa: E402
from allensdk.api.queries.brain_observatory_api import BrainObservatoryApi  # noqa: E402
from allensdk.api.queries.cell_types_api import CellTypesApi  # noqa: E402
from allensdk.api.queries.connected_services import ConnectedServices  # noqa: E402
from allensdk.api.queries.glif_api import GlifApi  # noqa: E402
from allensdk.api.queries.grid_data_api import GridDataApi  # noqa: E402
from allensdk.api.queries.image_download_api import ImageDownloadApi  # noqa: E402
from allensdk.api.queries.mouse_atlas_api import MouseAtlasApi  # noqa: E402
from allensdk.api.queries.mouse_connectivity_api import MouseConnectivityApi  # noqa: E402
from allensdk.api.queries.ontologies_api import OntologiesApi  # noqa: E402
from allensdk.api.queries.reference_space_api import ReferenceSpaceApi  # noqa: E402
from allensdk.api.queries.rma_api import RmaApi  # noqa: E402
from allensdk.api.queries.svg_api import SvgApi  # noqa: E402
from allensdk.api.queries.synchronization_api import SynchronizationApi  # noqa: E402
from allensdk.api.queries.tree_search_api import TreeSearchApi  # noqa: E402
from allensdk.brain_observatory.ecephys.ecephys_project_api import rma_engine as rma_engine_mod  # noqa: E402
from allensdk.brain_observatory.ecephys.ecephys_project_api.ecephys_project_warehouse_api import (  # noqa: E402
    EcephysProjectWarehouseApi,
)

PACKAGE = "api"
SAFE = ";/?:@&=+$,"

# ---------------------------------------------------------------------------------------------
# recording patches

_log: list[dict] = []
_responses: list = []


def _next_response():
    if not _responses:
        return {"success": True, "id": 0, "start_row": 0, "num_rows": 0, "total_rows": 0, "msg": []}
    return _responses.pop(0)


def _json(self, url, post=False):
    _log.append({"kind": "json", "url": url, "post": post, "sent": requests.utils.quote(url, SAFE)})
    return _next_response()


def _file(self, url, file_path, zipped=False):
    _log.append({"kind": "file", "url": url, "path": str(file_path), "zipped": zipped})


def _xml(self, url):
    _log.append({"kind": "xml", "url": url})
    return b"<svg/>"


api_mod.Api.retrieve_parsed_json_over_http = _json
api_mod.Api.retrieve_file_over_http = _file
api_mod.Api.retrieve_xml_over_http = _xml


class _FakeResponse:
    def __init__(self, payload):
        self._payload = payload

    def json(self):
        return self._payload


def _requests_get(url, *a, **k):
    _log.append({"kind": "rma_page", "url": url})
    return _FakeResponse(_next_response())


rma_engine_mod.requests.get = _requests_get  # the module object is `requests` itself


def _stream(self, route):
    _log.append({"kind": "stream", "url": route})
    return iter(())


rma_engine_mod.RmaEngine.stream = _stream


def env(msg, total=None, start=0):
    n = len(msg) if isinstance(msg, list) else 0
    return {
        "success": True,
        "id": 0,
        "start_row": start,
        "num_rows": n,
        "total_rows": n if total is None else total,
        "msg": msg,
    }


# ---------------------------------------------------------------------------------------------
# cases

CLASSES = {
    c.__name__: c
    for c in [
        RmaApi,
        CellTypesApi,
        GlifApi,
        BiophysicalApi,
        MouseConnectivityApi,
        ReferenceSpaceApi,
        OntologiesApi,
        BrainObservatoryApi,
        GridDataApi,
        ImageDownloadApi,
        SvgApi,
        SynchronizationApi,
        TreeSearchApi,
        AnnotatedSectionDataSetsApi,
        MouseAtlasApi,
        EcephysProjectWarehouseApi,
    ]
}

WKF = lambda link: [{"download_link": link, "id": 7}]  # noqa: E731
SPECIMEN_EPHYS = [{"ephys_result": {"well_known_files": [{"download_link": "/api/v2/well_known_file_download/491198851"}]}}]
SPECIMEN_RECON = [{"neuron_reconstructions": [{"well_known_files": [{"download_link": "/api/v2/well_known_file_download/491120375"}]}]}]
DEFORM = [
    {"id": 11, "well_known_file_type": {"name": "DeformationFieldHeader"}},
    {"id": 12, "well_known_file_type": {"name": "DeformationFieldVoxels"}},
]
BIOPHYS_MSG = [
    {
        "id": 491623973,
        "well_known_files": [
            {"id": 497232429, "path": "/x/fit_parameters.json", "well_known_file_type": {"name": "NeuronalModelParameters"}}
        ],
        "neuronal_model_template": {
            "name": "Biophysical - all active",
            "well_known_files": [
                {"id": 395337293, "path": "/m/CaDynamics.mod", "well_known_file_type": {"name": "BiophysicalModelDescription"}}
            ],
        },
        "specimen": {
            "neuron_reconstructions": [
                {
                    "well_known_files": [
                        {"id": 491120375, "path": "/s/cell.swc", "well_known_file_type": {"name": "3DNeuronReconstruction"}},
                        {"id": 491120376, "path": "/s/cell.marker", "well_known_file_type": {"name": "3DNeuronMarker"}},
                    ]
                }
            ],
            "ephys_result": {
                "id": 486032473,
                "well_known_files": [{"id": 491198851, "path": "/e/x.nwb", "well_known_file_type": {"name": "NWBDownload"}}],
            },
            "ephys_sweeps": [
                {"sweep_number": 5, "stimulus_name": "Long Square"},
                {"sweep_number": 1, "stimulus_name": "Test"},
                {"sweep_number": 3, "stimulus_name": "Ramp"},
            ],
        },
    }
]
SESSION_ROW = {
    "id": 715093703,
    "stimulus_name": "brain_observatory_1.1",
    "fail_eye_tracking": False,
    "specimen": {"donor": {"age": {"days": 118}, "sex": "M", "full_genotype": None}},
    "well_known_files": [{"well_known_file_type": {"name": "EcephysNwb"}}],
}


def C(id, cls, method, args=(), kwargs=None, responses=None, ctor=None):
    return {
        "id": id,
        "cls": cls,
        "method": method,
        "args": list(args),
        "kwargs": kwargs or {},
        "responses": responses or [],
        "ctor": ctor or {},
    }


CASES = [
    # --- RmaApi
    C("RmaApi.model_query", "RmaApi", "model_query", ["Gene"],
      {"filters": {"acronym": "'Pdyn'"}, "only": ["id", "acronym"], "num_rows": 5, "start_row": 10}),
    C("RmaApi.model_query.all_options", "RmaApi", "model_query", ["Structure"],
      {"criteria": "[graph_id$in1]", "include": "structure_sets", "only": ["id"], "except": ["name"],
       "tabular": ["structures.id+as+sid", "acronym"], "num_rows": "all", "start_row": 0,
       "order": ["structures.graph_order+desc"], "debug": True, "count": True}),
    C("RmaApi.service_query", "RmaApi", "service_query", ["mouse_connectivity_injection_coordinate"],
      {"parameters": [("seed_point", [6900, 5050, 6450]), ("primary_structure_only", True), ("num_rows", 2)]}),
    C("RmaApi.get_schema", "RmaApi", "get_schema", ["Structure"]),
    C("RmaApi.get_schema.all", "RmaApi", "get_schema", []),
    C("RmaApi.load_api_schema", "RmaApi", "load_api_schema", []),
    # --- CellTypesApi
    C("CellTypesApi.list_cells_api", "CellTypesApi", "list_cells_api"),
    C("CellTypesApi.list_cells_api.id", "CellTypesApi", "list_cells_api", [], {"id": 485909730}),
    C("CellTypesApi.get_cell", "CellTypesApi", "get_cell", [485909730], responses=[env([{"specimen__id": 485909730}])]),
    C("CellTypesApi.get_ephys_sweeps", "CellTypesApi", "get_ephys_sweeps", [485909730],
      responses=[env([{"sweep_number": 3}, {"sweep_number": 1}, {"sweep_number": 2}])]),
    C("CellTypesApi.get_ephys_features", "CellTypesApi", "get_ephys_features"),
    C("CellTypesApi.get_morphology_features", "CellTypesApi", "get_morphology_features"),
    C("CellTypesApi.save_ephys_data", "CellTypesApi", "save_ephys_data", [485909730, "out/485909730.nwb"],
      responses=[env(SPECIMEN_EPHYS)]),
    C("CellTypesApi.save_reconstruction", "CellTypesApi", "save_reconstruction", [485909730, "out/r.swc"],
      responses=[env(SPECIMEN_RECON)]),
    C("CellTypesApi.save_reconstruction_markers", "CellTypesApi", "save_reconstruction_markers",
      [485909730, "out/r.marker"], responses=[env(SPECIMEN_RECON)]),
    C("CellTypesApi.save_reconstruction_markers.missing", "CellTypesApi", "save_reconstruction_markers",
      [485909730, "out/r.marker"], responses=[env([{"neuron_reconstructions": []}])]),
    # --- GlifApi
    C("GlifApi.get_neuronal_model_templates", "GlifApi", "get_neuronal_model_templates"),
    C("GlifApi.get_neuronal_models", "GlifApi", "get_neuronal_models", [[486558444, 485909730]]),
    C("GlifApi.get_neuronal_models.none", "GlifApi", "get_neuronal_models"),
    C("GlifApi.get_neuronal_models_by_id", "GlifApi", "get_neuronal_models_by_id", [[566283540]]),
    C("GlifApi.get_neuron_configs", "GlifApi", "get_neuron_configs", [[566283540, 486557295]],
      responses=[
          env([
              {"id": 566283540, "well_known_files": [{"download_link": "/api/v2/well_known_file_download/566283950"}]},
              {"id": 486557295, "well_known_files": [{"download_link": "/api/v2/well_known_file_download/486557300"}]},
          ]),
          {"El": 0.0, "dt": 5e-05},
          {"El": 0.0, "dt": 5e-05, "coeffs": {"C": 1.0}},
      ]),
    # --- BiophysicalApi
    C("BiophysicalApi.get_neuronal_models", "BiophysicalApi", "get_neuronal_models", [[485909730, 486558444]]),
    C("BiophysicalApi.get_neuronal_models.types", "BiophysicalApi", "get_neuronal_models", [[485909730]],
      {"model_type_ids": [491455321]}),
    C("BiophysicalApi.get_well_known_file_ids", "BiophysicalApi", "get_well_known_file_ids", [491623973],
      responses=[env(BIOPHYS_MSG)]),
    C("BiophysicalApi.cache_data", "BiophysicalApi", "cache_data", [491623973, "__TMP__"],
      responses=[env(BIOPHYS_MSG)]),
    # --- ReferenceSpaceApi
    C("ReferenceSpaceApi.download_annotation_volume", "ReferenceSpaceApi", "download_annotation_volume",
      [None, 25, "out/annotation_25.nrrd"]),
    C("ReferenceSpaceApi.download_annotation_volume.2016", "ReferenceSpaceApi", "download_annotation_volume",
      ["annotation/ccf_2016", 10, "out/a.nrrd"]),
    C("ReferenceSpaceApi.download_template_volume", "ReferenceSpaceApi", "download_template_volume",
      [50, "out/t.nrrd"]),
    C("ReferenceSpaceApi.download_structure_mask", "ReferenceSpaceApi", "download_structure_mask",
      [385, None, 25, "out/m.nrrd"]),
    C("ReferenceSpaceApi.download_structure_mesh", "ReferenceSpaceApi", "download_structure_mesh",
      [385, "annotation/ccf_2016", "out/385.obj"]),
    C("ReferenceSpaceApi.download_mouse_atlas_volume", "ReferenceSpaceApi", "download_mouse_atlas_volume",
      ["P56", "atlasVolume", "out/atlasVolume/atlasVolume.mhd"]),
    C("ReferenceSpaceApi.download_volumetric_data", "ReferenceSpaceApi", "download_volumetric_data",
      ["average_template", "average_template_100.nrrd"], {"voxel_resolution": 100}),
    C("ReferenceSpaceApi.download_volumetric_data.release", "ReferenceSpaceApi", "download_volumetric_data",
      ["ara_nissl", "ara_nissl_50.nrrd"], {"save_file_path": "out/n.nrrd", "release": "2017-release",
                                           "coordinate_framework": "mouse_ccf_x"}),
    # --- GridDataApi
    C("GridDataApi.download_projection_grid_data", "GridDataApi", "download_projection_grid_data", [126862385],
      {"image": ["projection_density", "injection_fraction"], "resolution": 25, "save_file_path": "out/p.nrrd"}),
    C("GridDataApi.download_projection_grid_data.bare", "GridDataApi", "download_projection_grid_data", [126862385]),
    C("GridDataApi.download_gene_expression_grid_data", "GridDataApi", "download_gene_expression_grid_data",
      [69816930, "energy", "out/energy/energy.mhd"]),
    C("GridDataApi.download_expression_grid_data", "GridDataApi", "download_expression_grid_data", [69816930],
      {"include": ["energy", "intensity"]}),
    C("GridDataApi.download_expression_grid_data.bare", "GridDataApi", "download_expression_grid_data",
      [69816930], {"path": "out/e.zip"}),
    C("GridDataApi.download_deformation_field", "GridDataApi", "download_deformation_field", [69816930],
      responses=[env(DEFORM)]),
    C("GridDataApi.download_alignment3d", "GridDataApi", "download_alignment3d", [69816930],
      responses=[env([{"id": 69816930, "alignment3d": {"tvr_00": 1.0}}])]),
    # --- MouseConnectivityApi
    C("MouseConnectivityApi.get_experiments", "MouseConnectivityApi", "get_experiments", [None]),
    C("MouseConnectivityApi.get_experiments.ids", "MouseConnectivityApi", "get_experiments", [[385, 549]]),
    C("MouseConnectivityApi.get_experiments.scalar", "MouseConnectivityApi", "get_experiments", [385]),
    C("MouseConnectivityApi.get_experiments_api", "MouseConnectivityApi", "get_experiments_api"),
    C("MouseConnectivityApi.get_manual_injection_summary", "MouseConnectivityApi",
      "get_manual_injection_summary", [126862385]),
    C("MouseConnectivityApi.get_experiment_detail", "MouseConnectivityApi", "get_experiment_detail", [126862385]),
    C("MouseConnectivityApi.get_projection_image_info", "MouseConnectivityApi", "get_projection_image_info",
      [126862385, 70]),
    C("MouseConnectivityApi.build_reference_aligned_image_channel_volumes_url", "MouseConnectivityApi",
      "get_reference_aligned_image_channel_volumes_url", [126862385],
      responses=[env(WKF("/api/v2/well_known_file_download/12345"))]),
    C("MouseConnectivityApi.download_reference_aligned_image_channel_volumes", "MouseConnectivityApi",
      "download_reference_aligned_image_channel_volumes", [126862385],
      responses=[env(WKF("/api/v2/well_known_file_download/12345"))]),
    C("MouseConnectivityApi.experiment_source_search", "MouseConnectivityApi", "experiment_source_search", [],
      {"injection_structures": "Isocortex", "primary_structure_only": True}),
    C("MouseConnectivityApi.experiment_spatial_search", "MouseConnectivityApi", "experiment_spatial_search", [],
      {"seed_point": [6900, 5050, 6450]}),
    C("MouseConnectivityApi.experiment_injection_coordinate_search", "MouseConnectivityApi",
      "experiment_injection_coordinate_search", [],
      {"seed_point": [6900, 5050, 6450], "num_rows": 2, "primary_structure_only": False, "domain": None}),
    C("MouseConnectivityApi.experiment_correlation_search", "MouseConnectivityApi",
      "experiment_correlation_search", [], {"row": 112670853, "structures": ["TH", "HY"], "threshold": 0.5}),
    C("MouseConnectivityApi.get_structure_unionizes", "MouseConnectivityApi", "get_structure_unionizes",
      [[126862385]], {"is_injection": False, "structure_ids": [385], "hemisphere_ids": [1, 2]}),
    C("MouseConnectivityApi.get_structure_unionizes.name", "MouseConnectivityApi", "get_structure_unionizes",
      [[126862385, 100141219]], {"is_injection": True, "structure_name": "Primary visual area",
                                 "normalized_projection_volume_limit": 0.0125, "include": ["structure"],
                                 "debug": "preview", "order": ["hemisphere_id"]}),
    C("MouseConnectivityApi.download_injection_density", "MouseConnectivityApi", "download_injection_density",
      ["out/id.nrrd", 126862385, 25]),
    C("MouseConnectivityApi.download_projection_density", "MouseConnectivityApi", "download_projection_density",
      ["out/pd.nrrd", 126862385, 50]),
    C("MouseConnectivityApi.download_injection_fraction", "MouseConnectivityApi", "download_injection_fraction",
      ["out/if.nrrd", 126862385, 100]),
    C("MouseConnectivityApi.download_data_mask", "MouseConnectivityApi", "download_data_mask",
      ["out/dm.nrrd", 126862385, 10]),
    C("MouseConnectivityApi.download_annotation_volume", "MouseConnectivityApi", "download_annotation_volume",
      [None, 100, "out/annotation_100.nrrd"]),
    # --- OntologiesApi
    C("OntologiesApi.get_structures.graph_ids", "OntologiesApi", "get_structures", [], {"structure_graph_ids": 1}),
    C("OntologiesApi.get_structures.graph_names", "OntologiesApi", "get_structures", [],
      {"structure_graph_names": ["'Mouse Brain Atlas'"]}),
    C("OntologiesApi.get_structures.set_ids", "OntologiesApi", "get_structures", [],
      {"structure_set_ids": [167587189, 112905828]}),
    C("OntologiesApi.get_structures.set_names", "OntologiesApi", "get_structures", [],
      {"structure_set_names": ["'Mouse Connectivity - Summary'"]}),
    C("OntologiesApi.get_structures.first_wins", "OntologiesApi", "get_structures", [],
      {"structure_graph_ids": [1, 2], "structure_set_ids": [3]}),
    C("OntologiesApi.get_structures_with_sets", "OntologiesApi", "get_structures_with_sets", [[1]]),
    C("OntologiesApi.get_structure_graphs", "OntologiesApi", "get_structure_graphs"),
    C("OntologiesApi.get_structure_sets", "OntologiesApi", "get_structure_sets"),
    C("OntologiesApi.get_structure_sets.ids", "OntologiesApi", "get_structure_sets", [[2, 3]]),
    C("OntologiesApi.get_atlases", "OntologiesApi", "get_atlases"),
    C("OntologiesApi.get_atlases_table", "OntologiesApi", "get_atlases_table"),
    C("OntologiesApi.get_atlases_table.ids", "OntologiesApi", "get_atlases_table", [[1, 2]]),
    C("OntologiesApi.get_atlases_table.full", "OntologiesApi", "get_atlases_table", [[1]], {"brief": False}),
    # --- BrainObservatoryApi
    C("BrainObservatoryApi.get_ophys_experiments", "BrainObservatoryApi", "get_ophys_experiments"),
    C("BrainObservatoryApi.get_ophys_experiments.ids", "BrainObservatoryApi", "get_ophys_experiments",
      [[501940850, 502376461]]),
    C("BrainObservatoryApi.get_isi_experiments", "BrainObservatoryApi", "get_isi_experiments", [[1, 2]]),
    C("BrainObservatoryApi.list_isi_experiments", "BrainObservatoryApi", "list_isi_experiments"),
    C("BrainObservatoryApi.list_column_definition_class_names", "BrainObservatoryApi",
      "list_column_definition_class_names"),
    C("BrainObservatoryApi.get_column_definitions", "BrainObservatoryApi", "get_column_definitions",
      ["ApiCamCellMetric"]),
    C("BrainObservatoryApi.get_stimulus_mappings", "BrainObservatoryApi", "get_stimulus_mappings"),
    C("BrainObservatoryApi.get_stimulus_mappings.ids", "BrainObservatoryApi", "get_stimulus_mappings", [[7, 8]]),
    C("BrainObservatoryApi.get_cell_metrics", "BrainObservatoryApi", "get_cell_metrics"),
    C("BrainObservatoryApi.get_cell_metrics.ids", "BrainObservatoryApi", "get_cell_metrics",
      [[517394843, 517394850]]),
    C("BrainObservatoryApi.get_experiment_containers", "BrainObservatoryApi", "get_experiment_containers"),
    C("BrainObservatoryApi.get_experiment_containers.ids", "BrainObservatoryApi", "get_experiment_containers",
      [[511510736]]),
    C("BrainObservatoryApi.get_experiment_container_metrics", "BrainObservatoryApi",
      "get_experiment_container_metrics", [[4, 5]]),
    C("BrainObservatoryApi.save_ophys_experiment_data", "BrainObservatoryApi", "save_ophys_experiment_data",
      [501940850, "out/501940850.nwb"], responses=[env(WKF("/api/v2/well_known_file_download/514422179"))]),
    C("BrainObservatoryApi.save_ophys_experiment_analysis_data", "BrainObservatoryApi",
      "save_ophys_experiment_analysis_data", [501940850, "out/a.h5"],
      responses=[env(WKF("/api/v2/well_known_file_download/1"))]),
    C("BrainObservatoryApi.save_ophys_experiment_event_data", "BrainObservatoryApi",
      "save_ophys_experiment_event_data", [501940850, "out/e.npz"],
      responses=[env(WKF("/api/v2/well_known_file_download/2"))]),
    C("BrainObservatoryApi.save_ophys_experiment_eye_gaze_data", "BrainObservatoryApi",
      "save_ophys_experiment_eye_gaze_data", [501940850, 501704220, "out/g.h5"],
      responses=[env(WKF("/api/v2/well_known_file_download/3"))]),
    C("BrainObservatoryApi.get_cell_specimen_id_mapping", "BrainObservatoryApi", "get_cell_specimen_id_mapping",
      ["out/mapping.csv"], responses=[env(WKF("/api/v2/well_known_file_download/590985414"))]),
    # --- MouseAtlasApi
    C("MouseAtlasApi.get_genes", "MouseAtlasApi", "get_genes"),
    C("MouseAtlasApi.get_genes.chrom", "MouseAtlasApi", "get_genes", [[2, 1], [7]]),
    C("MouseAtlasApi.get_section_data_sets", "MouseAtlasApi", "get_section_data_sets", [[15, 16]]),
    C("MouseAtlasApi.get_section_data_sets.products", "MouseAtlasApi", "get_section_data_sets", [None, [3]]),
    C("MouseAtlasApi.download_expression_density", "MouseAtlasApi", "download_expression_density",
      ["out/density/density.mhd", 69816930]),
    C("MouseAtlasApi.download_expression_energy", "MouseAtlasApi", "download_expression_energy",
      ["out/energy/energy.mhd", 69816930]),
    C("MouseAtlasApi.download_expression_intensity", "MouseAtlasApi", "download_expression_intensity",
      ["out/intensity/intensity.mhd", 69816930]),
    # --- ImageDownloadApi
    C("ImageDownloadApi.get_section_image_ranges", "ImageDownloadApi", "get_section_image_ranges",
      [[102146167, 102146168]],
      responses=[env([{"red_lower": 0, "red_upper": 1, "green_lower": 2, "green_upper": 3, "blue_lower": 4,
                       "blue_upper": 5}])]),
    C("ImageDownloadApi.get_section_data_sets_by_product", "ImageDownloadApi",
      "get_section_data_sets_by_product", [[5, 31]]),
    C("ImageDownloadApi.get_section_data_sets_by_product.failed", "ImageDownloadApi",
      "get_section_data_sets_by_product", [[5]], {"include_failed": True}),
    C("ImageDownloadApi.section_image_query", "ImageDownloadApi", "section_image_query", [126862385]),
    C("ImageDownloadApi.atlas_image_query", "ImageDownloadApi", "atlas_image_query", [602630314]),
    C("ImageDownloadApi.atlas_image_query.type", "ImageDownloadApi", "atlas_image_query", [602630314],
      {"image_type_name": "Atlas - Adult Mouse"}),
    C("ImageDownloadApi.download_image", "ImageDownloadApi", "download_image", [102146167]),
    C("ImageDownloadApi.download_image.all", "ImageDownloadApi", "download_image", [102146167, "out/i.jpg"],
      {"downsample": 4, "quality": 90, "tumor_feature_annotation": True, "tumor_feature_boundary": False,
       "annotation": True, "atlas": 1, "projection": False, "expression": True, "colormap": [0.5, "gray"],
       "range": [0, 932, 0, 1279, 0, 4095], "rgb": [0.5, 0.5, 0.5], "contrast": [1, 2], "view": "projection",
       "left": 10, "top": 20, "width": 300, "height": 400, "downsample_dimensions": True}),
    C("ImageDownloadApi.download_image.colormap_str", "ImageDownloadApi", "download_image", [102146167],
      {"colormap": "0.5,0.2,0,256,0", "annotation": False, "projection": True}),
    C("ImageDownloadApi.download_section_image", "ImageDownloadApi", "download_section_image", [102146167],
      {"downsample": 2}),
    C("ImageDownloadApi.download_atlas_image", "ImageDownloadApi", "download_atlas_image", [100883867, "out/a.jpg"],
      {"annotation": True}),
    C("ImageDownloadApi.download_projection_image", "ImageDownloadApi", "download_projection_image",
      [126862385], {"projection": True, "downsample": 3}),
    # --- SvgApi
    C("SvgApi.get_svg", "SvgApi", "get_svg", [100883869], {"groups": [28]}),
    C("SvgApi.get_svg.bare", "SvgApi", "get_svg", [100883869]),
    C("SvgApi.download_svg", "SvgApi", "download_svg", [100883869], {"groups": [28, 159226751]}),
    # --- SynchronizationApi
    C("SynchronizationApi.get_image_to_atlas", "SynchronizationApi", "get_image_to_atlas",
      [68545324, 1500, 1000.25, 1]),
    C("SynchronizationApi.get_image_to_image", "SynchronizationApi", "get_image_to_image",
      [68545324, 6000, 5000, [71948325, 69782968]]),
    C("SynchronizationApi.get_image_to_image_2d", "SynchronizationApi", "get_image_to_image_2d",
      [68173101, 6208, 2368, [68173103, 68173105]]),
    C("SynchronizationApi.get_reference_to_image", "SynchronizationApi", "get_reference_to_image",
      [10, 6085, 3670, 4883.5, [68545324, 67810540]]),
    C("SynchronizationApi.get_image_to_reference", "SynchronizationApi", "get_image_to_reference",
      [68545324, 6085, 3670]),
    C("SynchronizationApi.get_structure_to_image", "SynchronizationApi", "get_structure_to_image",
      [68545324, [315, 698]]),
    # --- TreeSearchApi
    C("TreeSearchApi.get_tree", "TreeSearchApi", "get_tree", ["Structure", 695], {"ancestors": True,
                                                                                  "descendants": False}),
    C("TreeSearchApi.get_tree.bare", "TreeSearchApi", "get_tree", ["Specimen", 113817886]),
    C("TreeSearchApi.get_tree.desc", "TreeSearchApi", "get_tree", ["Structure", 1], {"descendants": True}),
    # --- AnnotatedSectionDataSetsApi
    C("AnnotatedSectionDataSetsApi.get_annotated_section_data_sets", "AnnotatedSectionDataSetsApi",
      "get_annotated_section_data_sets", [[112763676]],
      {"intensity_values": ["High", "Low"], "density_values": ["High"], "pattern_values": ["Full"],
       "age_names": ["E11.5", "13.5"]}),
    C("AnnotatedSectionDataSetsApi.get_annotated_section_data_sets.bare", "AnnotatedSectionDataSetsApi",
      "get_annotated_section_data_sets", [[112763676, 1]], {"intensity_values": []}),
    C("AnnotatedSectionDataSetsApi.get_annotated_section_data_sets_via_rma", "AnnotatedSectionDataSetsApi",
      "get_annotated_section_data_sets_via_rma", [[112763676]],
      {"intensity_values": ["High", "Low"], "density_values": ["High"], "pattern_values": ["Full"],
       "age_names": ["E11.5", "13.5"]}),
    C("AnnotatedSectionDataSetsApi.get_annotated_section_data_sets_via_rma.bare", "AnnotatedSectionDataSetsApi",
      "get_annotated_section_data_sets_via_rma", [[112763676]]),
    C("AnnotatedSectionDataSetsApi.get_compound_annotated_section_data_sets", "AnnotatedSectionDataSetsApi",
      "get_compound_annotated_section_data_sets",
      [[{"structures": [112763676], "intensity_values": ["High", "Low"], "link": "or"},
        {"structures": [12], "intensity_values": ["High"], "density_values": ["Low"], "link": "and"},
        {"structures": [14, 15], "intensity_values": ["Medium"]}]]),
    # --- EcephysProjectWarehouseApi
    C("EcephysProjectWarehouseApi.get_sessions", "EcephysProjectWarehouseApi", "get_sessions",
      responses=[env([SESSION_ROW])]),
    C("EcephysProjectWarehouseApi.get_sessions.filters", "EcephysProjectWarehouseApi", "get_sessions", [],
      {"session_ids": [715093703, 719161530], "has_eye_tracking": True,
       "stimulus_names": ["brain_observatory_1.1"]}, responses=[env([SESSION_ROW])]),
    C("EcephysProjectWarehouseApi.get_sessions.no_eye", "EcephysProjectWarehouseApi", "get_sessions", [],
      {"has_eye_tracking": False}, responses=[env([SESSION_ROW])]),
    C("EcephysProjectWarehouseApi.get_probes", "EcephysProjectWarehouseApi", "get_probes",
      responses=[env([{"id": 1, "use_lfp_data": True}])]),
    C("EcephysProjectWarehouseApi.get_probes.ids", "EcephysProjectWarehouseApi", "get_probes", [[1, 2], [3]],
      responses=[env([{"id": 1, "use_lfp_data": True}])]),
    C("EcephysProjectWarehouseApi.get_channels", "EcephysProjectWarehouseApi", "get_channels", [[5], [6, 7]],
      responses=[env([{"id": 5}])]),
    C("EcephysProjectWarehouseApi.get_channels.bare", "EcephysProjectWarehouseApi", "get_channels",
      responses=[env([{"id": 5}])]),
    C("EcephysProjectWarehouseApi.get_units", "EcephysProjectWarehouseApi", "get_units", [],
      {"unit_ids": [1, 2], "channel_ids": [3], "probe_ids": [4], "session_ids": [5, 6]},
      responses=[env([{"id": 1}])]),
    C("EcephysProjectWarehouseApi.get_units.bare", "EcephysProjectWarehouseApi", "get_units",
      responses=[env([{"id": 1}])]),
    C("EcephysProjectWarehouseApi.get_unit_analysis_metrics", "EcephysProjectWarehouseApi",
      "get_unit_analysis_metrics", [], {"unit_ids": [1, 2], "ecephys_session_ids": [3],
                                        "session_types": ["brain_observatory_1.1", "x"]},
      responses=[env([{"id": 9, "ecephys_unit_id": 1, "data": "{\"snr\": 2.5}"}])]),
    C("EcephysProjectWarehouseApi.get_session_data", "EcephysProjectWarehouseApi", "get_session_data", [715093703],
      responses=[env([{"id": 1, "download_link": "/api/v2/well_known_file_download/1026124469"}])]),
    C("EcephysProjectWarehouseApi.get_probe_lfp_data", "EcephysProjectWarehouseApi", "get_probe_lfp_data",
      [810755797], responses=[env([{"id": 1, "download_link": "/api/v2/well_known_file_download/1026124500"}])]),
    C("EcephysProjectWarehouseApi.get_natural_scene_template", "EcephysProjectWarehouseApi",
      "get_natural_scene_template", [3],
      responses=[env([
          {"id": 1, "path": "/a/natural_movie_1.npy", "download_link": "/api/v2/well_known_file_download/101"},
          {"id": 2, "path": "/a/3.tiff", "download_link": "/api/v2/well_known_file_download/102"},
      ])]),
    C("EcephysProjectWarehouseApi.get_natural_movie_template", "EcephysProjectWarehouseApi",
      "get_natural_movie_template", [1],
      responses=[env([
          {"id": 1, "path": "/a/natural_movie_1.npy", "download_link": "/api/v2/well_known_file_download/101"},
          {"id": 2, "path": "/a/3.tiff", "download_link": "/api/v2/well_known_file_download/102"},
      ])]),
]

CONNECTED_SERVICES_CALLS = [
    ("mouse_connectivity_injection_structure",
     {"injection_structures": ["Isocortex", 315], "primary_structure_only": True, "fmt": "xml"}),
    ("mouse_connectivity_correlation", {"row": 112670853, "structures": ["TH"], "hemisphere": "right"}),
    ("dev_human_correlation", {"structures": [10163, 10173], "probes": 1023146, "start_row": 0}),
    ("human_microarray_differential", {"donors1": [1, 2], "structures1": [3], "structures2": [4]}),
    ("mouse_differential", {"domain1": [315], "domain2": [1065], "threshold1": [0, 50]}),
]


def _jsonable_result(res):
    import pandas as pd

    if res is None:
        return None
    if isinstance(res, pd.DataFrame):
        df = res.reset_index()
        return json.loads(df.to_json(orient="records"))
    if isinstance(res, (bytes, str, int, float, bool, list, dict)):
        try:
            return json.loads(json.dumps(res, default=str))
        except TypeError:
            return None
    return None


def run_case(case, tmp):
    global _responses
    _log.clear()
    _responses = json.loads(json.dumps(case["responses"]))
    cls = CLASSES[case["cls"]]
    api = cls(**case["ctor"])
    args = [tmp if a == "__TMP__" else a for a in case["args"]]
    kwargs = {k: (tuple(v) if k == "parameters" and False else v) for k, v in case["kwargs"].items()}
    if "parameters" in kwargs:
        kwargs["parameters"] = [tuple(p) for p in kwargs["parameters"]]
    out = dict(case)
    out["args"] = case["args"]
    try:
        res = getattr(api, case["method"])(*args, **kwargs)
        if hasattr(res, "__next__") and not isinstance(res, (list, dict)):
            res = list(res)
        out["result"] = _jsonable_result(res)
    except Exception as e:  # noqa: BLE001
        out["error"] = {"type": type(e).__name__, "message": str(e)}
    reqs = []
    for r in _log:
        r = dict(r)
        if r.get("path") and r["path"].startswith(tmp):
            r["path"] = "__TMP__" + r["path"][len(tmp):]
        reqs.append(r)
    out["requests"] = reqs
    if case["cls"] == "BiophysicalApi" and case["method"] == "cache_data":
        with open(os.path.join(tmp, "manifest.json")) as f:
            out["result"] = json.load(f)
    return out


# ---------------------------------------------------------------------------------------------
# builder KATs


def builder_cases():
    r = RmaApi()
    out = []

    def b(fn, *args, **kwargs):
        entry = {"fn": fn, "args": [list(a) if isinstance(a, tuple) else a for a in args], "kwargs": kwargs}
        try:
            entry["out"] = getattr(r, fn)(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            entry["error"] = type(e).__name__
        out.append(entry)

    b("build_query_url", "model::Gene")
    b("build_query_url", ["model::Gene", "pipe::list[a$eq1]"], "xml")
    b("build_query_url", ["model::Gene"], "csv")
    b("model_stage", "Structure", criteria="[graph_id$in1]", include="structure_sets",
      order=["structures.graph_order"], num_rows="all", count=False)
    b("model_stage", "ApiCellTypesSpecimenDetail", num_rows="all")
    b("model_stage", "Gene", filters={"acronym": "'Pdyn'"}, only=["id", "acronym"], start_row=10, num_rows=5,
      debug="preview")
    b("model_stage", "Gene", filters={"id": 12, "flag": True, "f": False, "x": 1.5, "lst": [1, 2], "s": "abc"})
    b("model_stage", "Gene", criteria=["[a$eq1]", ",b[c$eq2]"], include=["x", "(y)"])
    b("model_stage", "Gene", only=["a"], excpt=["b"])
    b("model_stage", "Gene", **{"except": ["a", "b"]})
    b("model_stage", "Gene", tabular=["genes.id+as+gid", "acronym"], num_rows=0)
    b("model_stage", "Gene", count="true")
    b("model_stage", "Gene", count="false")
    b("model_stage", "Gene", count="maybe")
    b("model_stage", "Gene", count=True, debug=True)
    b("model_stage", "Gene", debug=False)
    b("model_stage", "Gene", debug="true")
    b("model_stage", "Gene", debug="false")
    b("model_stage", "Gene", debug="other")
    b("model_stage", "Gene", order=["a+asc", "b+desc"], start_row=0)
    b("model_stage", "Gene", num_rows=True)
    b("options_clause")
    b("options_clause", only=["x"], num_rows="all", count=False)
    b("debug_clause", True)
    b("debug_clause", "preview")
    b("debug_clause", None)
    b("order_clause", ["a", "b+desc"])
    b("only_except_tabular_clause", "tabular", ["x+as+y", "z"])
    b("filter", "id", 5)
    b("filter", "name", "'x'")
    b("filter", "flag", True)
    b("filter", "v", 0.1)
    b("filter", "v", 1e-05)
    # Integral floats (2.0, 1e16) are left out: JSON and JavaScript cannot tell them from ints.
    b("filter", "v", 2.5)
    b("filter", "v", 1.5e-07)
    b("filter", "v", 0.3)
    b("filter", "v", None)
    b("filter", "v", [1, "a"])
    b("filters", {"b": 1, "a": "x"})
    b("tuple_filters", [("seed_point", [6900, 5050, 6450]), ("primary_structure_only", True), ("num_rows", 2)])
    b("tuple_filters", [("b", 2), ("a", 1.5), ("c", None), ("a", "z"), ("d", False)])
    b("tuple_filters", [("b", 2), ("a", 1.5), ("c", None), ("e", "z"), ("d", False)])
    b("tuple_filters", [("x", "$gt", 5), ("x", "$lt", 9.5), ("a", [1.5, "q", True])])
    b("tuple_filters", [("k", 3), ("k", 1), ("k", 2)])
    b("tuple_filters", [("k", "b"), ("k", "a")])
    b("tuple_filters", [])
    b("service_stage", "mouse_connectivity_injection_coordinate",
      [("seed_point", [6900, 5050, 6450]), ("primary_structure_only", True), ("num_rows", 2)])
    b("service_stage", "name_only")
    b("pipe_stage", "list", [("type_name", "$is", "'image_type'")])
    b("quote_string", "abc")
    b("build_schema_query", "Structure")
    b("build_schema_query")
    b("build_schema_query", "Gene", "xml")
    return out


def template_cases():
    out = []
    o = OntologiesApi()

    def t(api, group, name, **kwargs):
        _log.clear()
        api.template_query(group, name, **kwargs)
        out.append({"cls": type(api).__name__, "group": group, "name": name, "kwargs": kwargs,
                    "url": _log[0]["url"]})

    t(o, "ontology_queries", "structures_with_sets", graph_ids=[1])
    t(o, "ontology_queries", "atlases_table", only=["a", "b"])
    t(o, "ontology_queries", "atlases_table", atlas_ids=[1, 2], **{"except": ["c"]})
    t(o, "ontology_queries", "atlases_table", atlas_ids=None, start_row=5, num_rows=10, count=True)
    t(o, "ontology_queries", "structures_by_graph_ids", graph_ids=1, order=["x"])
    err = None
    try:
        o.template_query("ontology_queries", "no_such_entry")
    except Exception as e:  # noqa: BLE001
        err = str(e)
    out.append({"cls": "OntologiesApi", "group": "ontology_queries", "name": "no_such_entry", "kwargs": {},
                "error": err})
    return out


def connected_services_cases():
    cs = ConnectedServices()
    return [{"service": s, "kwargs": k, "url": cs.build_url(s, k)} for s, k in CONNECTED_SERVICES_CALLS]


def quote_table():
    inputs = [chr(c) for c in range(32, 127)]
    inputs += ["é", "µm", "日本", "\u2603", "%41", "a b", "\t", "\n", "\x7f", "😀"]
    inputs.append("http://api.brain-map.org/api/v2/data/query.json?q=model::Structure,rma::criteria,"
                  "[graph_id$in1],rma::options[num_rows$eq'all'][order$eq\"x\"]")
    return [[s, requests.utils.quote(s, SAFE)] for s in inputs]


def biophys_read_json():
    p = repo_root().parent / "shared" / "data" / "allensdk" / "api" / "472451419_response.json"
    if not p.exists():
        return None
    b = BiophysicalApi()
    with open(p) as f:
        ids = b.read_json(json.load(f))
    return {"ids": ids, "sweeps": b.sweeps, "model_type": b.model_type}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            cases = [run_case(c, tmp) for c in CASES]
        finally:
            os.chdir(cwd)
    data = {
        "reference": "allensdk 2.16.2",
        "cases": cases,
        "builder": builder_cases(),
        "templates": template_cases(),
        "connected_services": connected_services_cases(),
        "quote": quote_table(),
        "biophys": biophys_read_json(),
    }
    path = fixture_dir(PACKAGE) / "urls.json"
    write_json(path, data)
    record(PACKAGE, [path], __file__, libs=["allensdk", "requests", "jinja2", "pandas"])
    print(f"{len(cases)} cases, {sum(len(c['requests']) for c in cases)} requests")


if __name__ == "__main__":
    main()
