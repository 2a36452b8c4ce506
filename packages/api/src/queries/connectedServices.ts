/** `ConnectedServices`: URLs of the RMA connected services (`service::name[param$eqvalue]…`). */
import { SdkError } from '@sdk/core';
import { DEFAULT_API_URL } from '../api.js';
import { buildQueryUrl, serviceStage, type TupleFilter } from '../rma/builder.js';
import {
  CONNECTED_SERVICES_SCHEMA,
  type ConnectedServiceSchema,
} from './connectedServicesSchema.js';

export class ConnectedServices {
  static readonly ARRAY = 'array';
  static readonly STRING = 'string';
  static readonly INTEGER = 'integer';
  static readonly FLOAT = 'float';
  static readonly BOOLEAN = 'boolean';

  constructor(readonly baseUrl: string = DEFAULT_API_URL) {}

  static get schema(): Readonly<Record<string, ConnectedServiceSchema>> {
    return CONNECTED_SERVICES_SCHEMA;
  }

  /**
   * The URL of `serviceName` with the schema's parameters found in `kwargs` (others are ignored);
   * `kwargs.fmt` picks json (default), xml or csv.
   */
  buildUrl(serviceName: string, kwargs: Record<string, unknown> = {}): string {
    const entry = CONNECTED_SERVICES_SCHEMA[serviceName];
    if (!entry)
      throw new SdkError('E_NOT_FOUND', `unknown connected service ${serviceName}`, {
        path: serviceName,
      });
    const fmt = typeof kwargs.fmt === 'string' ? kwargs.fmt : 'json';
    const params: TupleFilter[] = [];
    for (const p of entry.parameters) {
      const v = kwargs[p.name];
      if (v !== null && v !== undefined) params.push([p.name, v]);
    }
    return buildQueryUrl(`${this.baseUrl}/api/v2/data`, [serviceStage(serviceName, params)], fmt);
  }
}
