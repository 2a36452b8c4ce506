// A summary of an NWB file for listings (`sdk nwb info`): metadata and every typed object.
import { TimeSeries } from './base.js';
import { DatasetHandle } from './dataset.js';
import type { NwbFile } from './file.js';
import type { Nwb1File } from './nwb1.js';
import { NwbData } from './object.js';
import { DynamicTable } from './table.js';

export interface NwbInfoObject {
  path: string;
  neurodata_type: string;
  namespace?: string;
  /** Dataset shape; a TimeSeries' data shape; a table's `[rows]`; null for other groups. */
  shape: number[] | null;
}

export interface NwbInfo {
  file: string;
  nwb_version: string;
  identifier: string | undefined;
  session_description: string | undefined;
  session_start_time: string | undefined;
  namespaces?: Record<string, string>;
  objects: NwbInfoObject[];
}

/** Metadata and every typed object of an NWB 2 file (reads metadata and shapes only). */
export function nwbInfo(nwb: NwbFile): NwbInfo {
  const objects = nwb.objects().map((o) => {
    const obj = nwb.get(o.path);
    let shape: number[] | null = null;
    if (obj instanceof NwbData) shape = obj.shape;
    else if (obj instanceof TimeSeries) shape = obj.data?.shape ?? null;
    else if (obj instanceof DynamicTable && obj.hasChild('id')) shape = [obj.length];
    return {
      path: o.path,
      neurodata_type: o.neurodata_type,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      shape,
    };
  });
  return {
    file: nwb.filename,
    nwb_version: nwb.nwb_version,
    identifier: nwb.identifier,
    session_description: nwb.session_description,
    session_start_time: nwb.session_start_time,
    namespaces: nwb.namespaces(),
    objects,
  };
}

/** The same summary for an NWB 1 file: its TimeSeries groups (type = last ancestry entry). */
export function nwb1Info(nwb1: Nwb1File): NwbInfo {
  const objects = nwb1.timeSeriesPaths().map((p) => {
    const ts = nwb1.timeSeries(p);
    const data = ts.data instanceof DatasetHandle ? ts.data.shape : null;
    return {
      path: p,
      neurodata_type: ts.ancestry[ts.ancestry.length - 1] ?? ts.neurodata_type,
      shape: data,
    };
  });
  return {
    file: nwb1.filename,
    nwb_version: nwb1.nwb_version,
    identifier: nwb1.identifier,
    session_description: nwb1.session_description,
    session_start_time: nwb1.session_start_time,
    objects,
  };
}
