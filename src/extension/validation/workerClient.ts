import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type {
  OperationArguments,
  OperationName,
  OperationResult,
  ValidationResult,
  WorkerRequest,
  WorkerResponse
} from './protocol';

const encoder = new TextEncoder();

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** Distributes `Omit` over a union, so each request kind keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The host side of the validation worker. The worker thread starts on the first request,
 * not at activation, and starts again after a crash; a crash fails the pending requests
 * with the worker's error instead of leaving them waiting.
 */
export class ValidationWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly scriptPath: string,
    private readonly log: vscode.LogOutputChannel
  ) {}

  /** The worker bundle that scripts/build.mjs writes beside dist/extension.js. */
  static besideExtension(log: vscode.LogOutputChannel): ValidationWorkerClient {
    return new ValidationWorkerClient(path.join(__dirname, 'validationWorker.js'), log);
  }

  validate(key: string, text: string, now = new Date()): Promise<ValidationResult> {
    const encoded = encoder.encode(text);
    return this.request<ValidationResult>({ kind: 'validate', key, text: encoded, now: now.toISOString() }, [encoded.buffer as ArrayBuffer]);
  }

  operation(name: OperationName, text: string, args: OperationArguments, now = new Date()): Promise<OperationResult> {
    const encoded = encoder.encode(text);
    return this.request<OperationResult>({ kind: 'operation', name, text: encoded, args, now: now.toISOString() }, [encoded.buffer as ArrayBuffer]);
  }

  newCycle(args: Record<string, unknown>): Promise<OperationResult & { text?: string }> {
    return this.request({ kind: 'newCycle', args });
  }

  dispose(): void {
    this.failPending(new Error('The validation worker was stopped.'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private request<T>(message: WithoutId<WorkerRequest>, transfer: ArrayBuffer[] = []): Promise<T> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      worker.postMessage({ ...message, id } as WorkerRequest, transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.scriptPath);
    worker.unref();
    worker.on('message', (response: WorkerResponse) => {
      if (response.ok && response.sentAt !== undefined) {
        // Time from the worker's send to this handler: copying the result onto this thread plus waiting behind other work on it.
        const delay = performance.timeOrigin + performance.now() - response.sentAt;
        if (delay > 50) this.log.info(`A validation worker result took ${delay.toFixed(0)} ms to arrive on the extension host's thread.`);
      }
      const pending = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (!pending) {
        return;
      }
      if (response.ok) {
        pending.resolve(response.result);
      } else {
        pending.reject(new Error(response.error));
      }
    });
    worker.on('error', (error) => {
      this.log.error(`Validation worker ${this.scriptPath} failed:`, error);
      this.failPending(error);
      this.worker = undefined;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.log.warn(`Validation worker exited with code ${code}; the next request starts a new one.`);
        this.failPending(new Error(`The validation worker exited with code ${code}.`));
        this.worker = undefined;
      }
    });
    this.worker = worker;
    this.log.info(`Validation worker started: ${this.scriptPath}`);
    return worker;
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) {
      pending.reject(error);
    }
    this.pending.clear();
  }
}
