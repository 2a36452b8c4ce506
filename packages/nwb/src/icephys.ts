// pynwb.icephys: electrodes and the PatchClampSeries family (metadata tables are DynamicTables).
import { TimeSeries } from './base.js';
import { toNumber } from './dataset.js';
import { NwbObject } from './object.js';
import { registerType } from './registry.js';

export class IntracellularElectrode extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }
  get device(): NwbObject | undefined {
    return this.child('device');
  }
  get cell_id(): string | undefined {
    return this.text('cell_id');
  }
}

/** CurrentClampSeries, VoltageClampSeries, IZeroClampSeries and their stimulus series. */
export class PatchClampSeries extends TimeSeries {
  get stimulus_description(): string | undefined {
    return this.text('stimulus_description');
  }
  /** `sweep_number` attribute (uint32), when stored. */
  get sweep_number(): number | undefined {
    const v = this.attr('sweep_number');
    return v === undefined ? undefined : toNumber(v);
  }
  get gain(): number | undefined {
    return this.num('gain');
  }
  get electrode(): IntracellularElectrode | undefined {
    return this.child('electrode') as IntracellularElectrode | undefined;
  }
}

registerType('IntracellularElectrode', IntracellularElectrode);
registerType('PatchClampSeries', PatchClampSeries);
