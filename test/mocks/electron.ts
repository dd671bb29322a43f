/**
 * Stand-in for the 'electron' module in vitest (aliased in vitest.config.mts), so no test ever runs
 * node_modules/electron/index.js, which tries to download the binary. It records what the adapters
 * register; tests that need more behaviour mock 'electron' per file with `vi.mock`.
 */
type Handler = (event: unknown, ...args: unknown[]) => unknown

/** What the adapters registered, for assertions; `reset()` between tests. */
export const recorded = {
  handlers: new Map<string, Handler>(),
  exposed: new Map<string, unknown>(),
  reset(): void {
    this.handlers.clear()
    this.exposed.clear()
  }
}

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (recorded.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    recorded.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    recorded.handlers.delete(channel)
  }
}

export const ipcRenderer = {
  invoke: async (): Promise<undefined> => undefined,
  on: (): void => undefined,
  removeListener: (): void => undefined
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    recorded.exposed.set(key, api)
  }
}

export const app = {
  isPackaged: false,
  getName: (): string => 'Mean-Field Lab',
  getVersion: (): string => '0.0.0-test',
  getPath: (): string => '/nonexistent/user-data'
}

export default { app, ipcMain, ipcRenderer, contextBridge }
