import { contextBridge, ipcRenderer } from 'electron'
import { createLabBridge } from './lab-bridge'

// Sandboxed preload: only `electron` may be required at run time; the bridge is bundled in.
contextBridge.exposeInMainWorld('lab', createLabBridge(ipcRenderer))
