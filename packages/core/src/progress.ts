/** What a long operation reports; `total` is absent when it is not known in advance. */
export interface ProgressEvent {
  /** Short description of the current step, e.g. a file name. */
  label?: string;
  /** Units done so far: bytes for downloads and reads, items otherwise. */
  done: number;
  total?: number;
}

export type OnProgress = (event: ProgressEvent) => void;

/** The options every long operation accepts. */
export interface LongOperationOptions {
  onProgress?: OnProgress;
  signal?: AbortSignal;
}
