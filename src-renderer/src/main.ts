import './zod-config'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { getLabApi, onConnectionChange } from './api'
import { setLab } from './lab'
import { go } from './router'
import { useAppStore, useRunStore, useWizardStore } from './stores'
import './styles/app.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)

const appStore = useAppStore(pinia)
let offline: string | null = null
onConnectionChange((connected, reason) => {
  if (!connected) {
    offline = `Not connected to the lab: ${reason}`
    appStore.report(offline)
  } else if (offline && appStore.error === offline) {
    appStore.dismiss()
    offline = null
  }
})
try {
  const lab = getLabApi()
  setLab(lab)
  const run = useRunStore(pinia)
  lab.onRunEvent((e) => run.onEvent(e))
  lab.onAppCommand?.((c) => {
    if (c.kind === 'new-experiment') {
      useWizardStore(pinia).loadSpec(null)
      go({ name: 'wizard' })
    } else if (c.kind === 'session-opened') go({ name: 'run', id: c.session.id })
    else if (c.kind === 'open-settings') go({ name: 'settings' })
    else go({ name: 'home' })
  })
} catch (e) {
  appStore.report(e)
}

app.mount('#app')
