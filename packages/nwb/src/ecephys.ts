// pynwb.ecephys: electrode groups, ElectricalSeries and friends (Units is in table.ts).
import { TimeSeries } from './base.js';
import { NwbObject } from './object.js';
import { registerType } from './registry.js';
import type { DynamicTableRegion } from './table.js';

export class ElectrodeGroup extends NwbObject {
  get description(): string | undefined {
    return this.text('description');
  }
  get location(): string | undefined {
    return this.text('location');
  }
  get device(): NwbObject | undefined {
    return this.child('device');
  }
  /** `position` (x, y, z), when stored. */
  get position(): { x: number; y: number; z: number } | undefined {
    const h = this.dataset('position');
    if (!h) return undefined;
    const t = h.read();
    if (t !== null && typeof t === 'object' && 'toArray' in t) {
      const row = t.toArray()[0]?.toJSON() as { x: number; y: number; z: number } | undefined;
      return row;
    }
    return undefined;
  }

  override field(name: string): unknown {
    if (name === 'position') return this.position;
    return super.field(name);
  }
}

/** ElectricalSeries, and SpikeEventSeries through inheritance. */
export class ElectricalSeries extends TimeSeries {
  get electrodes(): DynamicTableRegion | undefined {
    return this.child('electrodes') as DynamicTableRegion | undefined;
  }
  get filtering(): string | undefined {
    return this.text('filtering');
  }
}

registerType('ElectrodeGroup', ElectrodeGroup);
registerType('ElectricalSeries', ElectricalSeries);
