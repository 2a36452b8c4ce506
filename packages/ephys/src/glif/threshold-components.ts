/**
 * The spike and voltage components of threshold (relative to θ∞) that the `spike_component`,
 * `three_components_exact` and `three_components` rules keep between steps. allensdk appends to two
 * Python lists every step but only ever reads their last entries, so by default only those are
 * kept; `record: true` keeps the full per-step histories as well (allensdk's lists).
 */
export class ThresholdComponents {
  /** Last spike component. */
  spike = 0;
  /** Last voltage component. */
  voltage = 0;
  /** Number of entries appended so far (allensdk's list length). */
  length = 0;
  readonly spikeHistory: number[] | null;
  readonly voltageHistory: number[] | null;

  constructor(record = false) {
    this.spikeHistory = record ? [] : null;
    this.voltageHistory = record ? [] : null;
  }

  append(spike: number, voltage: number): void {
    this.spike = spike;
    this.voltage = voltage;
    this.length++;
    this.spikeHistory?.push(spike);
    this.voltageHistory?.push(voltage);
  }

  /** Overwrites the last spike component (allensdk `tcs['spike'][-1] = ...`). */
  setLastSpike(spike: number): void {
    if (this.length === 0) throw new RangeError('no threshold component to overwrite');
    this.spike = spike;
    if (this.spikeHistory) this.spikeHistory[this.spikeHistory.length - 1] = spike;
  }
}
