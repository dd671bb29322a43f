import type { LabApi } from '@shared/protocol/lab-api'
import { TOKEN_PARAM, WS_PATH } from '@shared/protocol/ws-messages'
import { createWsLabApi, type WebSocketLike } from './ws-lab-client'

export { RemoteError } from './ws-lab-client'

/** sessionStorage key of the web-mode token (survives a reload of the tab, not a new tab). */
const TOKEN_KEY = 'mflab-token'

let instance: LabApi | null = null
const connectionListeners = new Set<(connected: boolean, reason: string) => void>()

/**
 * The one API the renderer talks to: `window.lab` under Electron (preload bridge), otherwise the
 * web-mode WebSocket client of `mflab serve`. The same object is returned on every call.
 */
export function getLabApi(): LabApi {
  if (instance) return instance
  const bridged = (window as Window & { lab?: LabApi }).lab
  instance =
    bridged ??
    createWsLabApi({
      url: socketUrl(),
      connect: (u) => new WebSocket(u) as unknown as WebSocketLike,
      onConnectionChange: (c, r) => connectionListeners.forEach((l) => l(c, r))
    })
  return instance
}

/**
 * Web mode only: told when the socket connects or drops (Electron never calls it). Returns
 * unsubscribe. Lets the shell show an offline banner.
 */
export function onConnectionChange(
  listener: (connected: boolean, reason: string) => void
): () => void {
  connectionListeners.add(listener)
  return () => connectionListeners.delete(listener)
}

/** Whether the app runs in web mode (no Electron bridge). */
export function isWebMode(): boolean {
  return !(window as Window & { lab?: LabApi }).lab
}

/**
 * Takes the token from `?token=` (first load) or sessionStorage (reload), keeps it in sessionStorage,
 * and removes it from the address bar so it does not end up in bookmarks or screenshots.
 */
function takeToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get(TOKEN_PARAM)
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete(TOKEN_PARAM)
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const token = takeToken()
  // without a stored token the HttpOnly cookie set by the page load still authenticates the socket
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''
  return `${scheme}://${window.location.host}${WS_PATH}${query}`
}
