/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface Window {
  /** The typed bridge exposed by the Electron preload; absent in web mode. */
  lab?: import('@shared/protocol/lab-api').LabApi
}
