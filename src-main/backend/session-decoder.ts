import { Worker } from 'node:worker_threads'
import type { Session } from '@shared/session/session-types'

/** What the compute worker entry does when started with this workerData: decode, not compute. */
export const DECODER_ROLE = 'session-decoder'

/** Longest wait for the decoder thread to say it is ready (a stale bundle never does). */
const READY_MS = 10_000

/** A request to the decoder thread: read and decode one session file. */
export interface DecodeRequest {
  id: number
  path: string
}

/** The decoder thread's messages: ready once, then one answer per request. */
export type DecodeReply =
  | { ready: true }
  | { id: number; ok: true; session: Session }
  | { id: number; ok: false; name: string; message: string }

/** The decoder thread failed to decode a file: the loader's error, by name and message. */
export class DecodeError extends Error {
  constructor(name: string, message: string) {
    super(message)
    this.name = name
  }
}

/** The decoder thread cannot be used (no worker, a stale one, a crash): decode on this thread. */
export class DecoderUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DecoderUnavailableError'
  }
}

/**
 * Reads and decodes session files on one worker thread, so a folder of large or damaged files
 * never blocks the server's event loop while it lists them (inflating, CRCs and size checks are
 * CPU work). The thread is the compute worker's bundle started in its decoder role (no new entry
 * to build), started on the first request and unref'd, so it never keeps a process alive. A
 * worker that does not say it is ready in time (a bundle older than this role) is given up.
 */
export class SessionDecoder {
  private worker: Promise<Worker> | null = null
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (s: Session) => void; reject: (e: Error) => void }
  >()

  constructor(private readonly workerPath: () => string | URL) {}

  /** The decoded session of a file; rejects with the same message a decode on this thread gives. */
  async decode(path: string): Promise<Session> {
    const worker = await this.start()
    const id = this.nextId++
    return new Promise<Session>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, path } satisfies DecodeRequest)
    })
  }

  /** Stops the thread; pending decodes reject. */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.then((x) => x.terminate()).catch(() => undefined)
  }

  private start(): Promise<Worker> {
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(this.workerPath(), { workerData: { role: DECODER_ROLE } })
      w.unref()
      const timer = setTimeout(() => {
        reject(new DecoderUnavailableError('the decoder thread did not start in time'))
        void w.terminate()
      }, READY_MS)
      timer.unref()
      w.on('message', (r: DecodeReply) => {
        if ('ready' in r) {
          clearTimeout(timer)
          resolve(w)
          return
        }
        const p = this.pending.get(r.id)
        if (!p) return
        this.pending.delete(r.id)
        if (r.ok) p.resolve(r.session)
        else p.reject(new DecodeError(r.name, r.message))
      })
      const fail = (e: Error): void => {
        clearTimeout(timer)
        const gone = new DecoderUnavailableError(e.message)
        reject(gone)
        for (const p of this.pending.values()) p.reject(gone)
        this.pending.clear()
      }
      w.on('error', fail)
      w.on('exit', (code) => fail(new Error(`the decoder thread stopped (exit ${code})`)))
    })
    return this.worker
  }
}
