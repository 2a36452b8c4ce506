// pynwb.behavior: SpatialSeries (the containers are MultiContainers, see base.ts).
import { TimeSeries } from './base.js';
import { registerType } from './registry.js';

export class SpatialSeries extends TimeSeries {
  get reference_frame(): string | undefined {
    return this.text('reference_frame');
  }
}

registerType('SpatialSeries', SpatialSeries);
