/**
 * The HTTP engine on the platform `fetch` (undici in Node 20, the browser's own elsewhere):
 * timeouts, retries with exponential backoff on connection errors, timeouts and 5xx (never on
 * 4xx), and errors that carry the status and the decoded URL. Browser-safe: no Node imports.
 */
import { ApiError } from '../errors.js';

export interface Timeouts {
  /** Whole JSON/text request including its body, ms. Default 120 000 (the reference has none). */
  json?: number;
  /** Until response headers arrive, ms. Default 9 050 (the reference's `(9.05, 31.1)`). */
  connect?: number;
  /** Longest pause between two body chunks of a download, ms. Default 31 100. */
  idle?: number;
}

export interface RetryOptions {
  /** Extra attempts after the first one. Default 3. */
  retries?: number;
  /** Delay before retry k (0-based) is `baseDelayMs * 2^k`, capped at `maxDelayMs`. Default 1000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  fetch?: FetchLike;
  timeouts?: Timeouts;
  retries?: number | RetryOptions;
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUTS: Required<Timeouts> = { json: 120_000, connect: 9_050, idle: 31_100 };

export interface ResolvedRetry {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function resolveRetry(r: number | RetryOptions | undefined): ResolvedRetry {
  const o = typeof r === 'number' ? { retries: r } : (r ?? {});
  return {
    retries: o.retries ?? 3,
    baseDelayMs: o.baseDelayMs ?? 1000,
    maxDelayMs: o.maxDelayMs ?? 60_000,
  };
}

/** An attempt failed in a way another attempt may fix (connection error, timeout, 5xx). */
export class TransientError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export function backoffDelay(retry: ResolvedRetry, attempt: number): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortedError(url: string, signal: AbortSignal): ApiError {
  return new ApiError('request aborted', url, { cause: signal.reason ?? 'aborted' });
}

/**
 * Runs `attempt` until it returns, throws a non-transient error, or the retries are spent. The
 * last transient error is thrown as its ApiError.
 */
export async function withRetries<T>(
  url: string,
  retry: ResolvedRetry,
  signal: AbortSignal | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw abortedError(url, signal);
    try {
      return await attempt(n);
    } catch (e) {
      if (signal?.aborted) throw abortedError(url, signal);
      if (!(e instanceof TransientError)) throw e;
      if (n >= retry.retries) throw e.error;
      try {
        await sleep(backoffDelay(retry, n), signal);
      } catch {
        throw abortedError(url, signal as AbortSignal);
      }
    }
  }
}

/** A timer-driven abort that also follows the caller's signal. */
export class AttemptController {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  timedOut = false;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(private readonly outer?: AbortSignal) {
    outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    if (outer?.aborted) this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)arms the timeout; a call with `undefined` disarms it. */
  arm(ms: number | undefined): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (ms === undefined || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/** Classifies a thrown fetch/body error into a transient ApiError (or rethrows an abort). */
export function networkFailure(
  url: string,
  e: unknown,
  ctl: AttemptController,
  what: string,
): TransientError {
  if (ctl.timedOut) {
    return new TransientError(new ApiError(`${what} timed out`, url, { cause: 'timeout' }));
  }
  const reason =
    e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
  return new TransientError(new ApiError(`${what} failed: ${reason}`, url, { cause: e }));
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // the body is being thrown away; a failure to cancel it changes nothing
  }
}

export interface TextResult {
  status: number;
  text: string;
  headers: Headers;
}

export class HttpClient {
  readonly fetchImpl: FetchLike;
  readonly timeouts: Required<Timeouts>;
  readonly retry: ResolvedRetry;
  readonly signal: AbortSignal | undefined;

  constructor(options: HttpOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...(options.timeouts ?? {}) };
    this.retry = resolveRetry(options.retries);
    this.signal = options.signal;
  }

  /**
   * Sends a request and reads its whole body as text. Retries transient failures; answers with
   * status ≥ 400 throw when `throwOnStatus` (4xx at once, 5xx after the retries).
   * `sendUrl` is what goes on the wire; `url` (decoded) is what errors name.
   */
  async text(
    sendUrl: string,
    url: string,
    init: RequestInit = {},
    {
      throwOnStatus = true,
      signal = this.signal,
    }: { throwOnStatus?: boolean; signal?: AbortSignal } = {},
  ): Promise<TextResult> {
    return withRetries(url, this.retry, signal, async () => {
      const ctl = new AttemptController(signal);
      ctl.arm(this.timeouts.json);
      try {
        let res: Response;
        try {
          res = await this.fetchImpl(sendUrl, { ...init, signal: ctl.signal });
        } catch (e) {
          throw networkFailure(url, e, ctl, 'request');
        }
        if (res.status >= 500 && throwOnStatus) {
          await discard(res);
          throw new TransientError(
            new ApiError(res.statusText || 'server error', url, { status: res.status }),
          );
        }
        if (res.status >= 400 && throwOnStatus) {
          const body = await res.text().catch(() => '');
          throw new ApiError(`${res.statusText || 'request failed'}${summarize(body)}`, url, {
            status: res.status,
          });
        }
        let text: string;
        try {
          text = await res.text();
        } catch (e) {
          throw networkFailure(url, e, ctl, 'reading the response');
        }
        return { status: res.status, text, headers: res.headers };
      } finally {
        ctl.dispose();
      }
    });
  }
}

function summarize(body: string): string {
  const s = body.trim().replace(/\s+/g, ' ');
  if (!s) return '';
  return `: ${s.length > 200 ? `${s.slice(0, 200)}…` : s}`;
}

/** JSON.parse with an E_FORMAT ApiError naming the URL. */
export function parseJsonBody(text: string, url: string, status?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const head = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    throw new ApiError(
      `the response is not valid JSON (${(e as Error).message}); it starts with ${JSON.stringify(head)}`,
      url,
      {
        code: 'E_FORMAT',
        cause: e,
        ...(status === undefined ? {} : { status }),
      },
    );
  }
}
