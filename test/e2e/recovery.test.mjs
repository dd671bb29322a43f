// A crash mid-run (SIGKILL of `mflab serve`), a restart on the same sessions folder, and the run
// recovered from its last autosave through the Library in the browser.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { browserMissing, launch } from './browser.mjs'
import { ROOT, appMissing, startServe } from './serve-process.mjs'

const skip = browserMissing() ?? appMissing()
const SHOTS = join(ROOT, 'test-results')

/** A bare protocol client (ws-messages: JSON text frames suffice for these calls). */
function rawClient(serve) {
  const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`)
  let nextId = 1
  const pending = new Map()
  ws.on('message', (data, binary) => {
    if (binary) return // particle events: not needed here
    const m = JSON.parse(String(data))
    if (m.type === 'result' && pending.has(m.id)) {
      const { resolve, reject } = pending.get(m.id)
      pending.delete(m.id)
      if (m.ok) resolve(m.value)
      else reject(new Error(m.error.message))
    }
  })
  const opened = new Promise((r, j) => {
    ws.once('open', r)
    ws.once('error', j)
  })
  return {
    async call(method, ...args) {
      await opened
      const id = nextId++
      ws.send(JSON.stringify({ type: 'invoke', id, method, args }))
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }))
    },
    close: () => ws.close()
  }
}

describe('recovery after a crash (mflab serve + Chromium)', { skip: skip ?? false }, () => {
  let first
  let second
  let browser

  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    first = await startServe({ keep: true })
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await first?.stop('SIGKILL')
    await second?.stop()
    if (first) rmSync(first.sessionsDir, { recursive: true, force: true })
  })

  it(
    'lists the killed run as recoverable and resumes it from its autosave',
    { timeout: 180_000 },
    async () => {
      const client = rawClient(first)
      const spec = await client.call('presetSpec', 'mmn-two-gaussians', 'ci')
      spec.title = 'crash test run'
      spec.task.dim = 20
      spec.dynamics.steps = 50_000_000
      spec.compute.autosaveSeconds = 1
      // no 'pde' observable (the preset records it): with 50 M steps it would hold up the first records
      spec.observe.observables = []
      const id = await client.call('startRun', spec)
      // let it run through a few autosaves (each holds a checkpoint), then kill the server outright
      let step = 0
      const t0 = Date.now()
      while (Date.now() - t0 < 3500 || step < 20_000) {
        if (Date.now() - t0 > 60_000) throw new Error('the run made no progress')
        await new Promise((r) => setTimeout(r, 250))
        step = (await client.call('listSessions')).find((s) => s.id === id)?.step ?? 0
      }
      client.close()
      await first.stop('SIGKILL')

      second = await startServe({ sessionsDir: first.sessionsDir, keep: true })
      const page = await browser.context.newPage()
      await page.goto(second.url)
      await page.getByTestId('nav-library').click()
      const entry = page.getByTestId(`recovery-${id}`)
      await entry.waitFor({ timeout: 20_000 })
      await page.screenshot({ path: join(SHOTS, 'library-recovery.png'), fullPage: true })
      await entry.getByRole('button', { name: 'Open' }).click()
      await page.getByTestId('run-view').waitFor()
      assert.equal(await page.getByTestId('run-view').getAttribute('data-status'), 'paused')
      const stepOf = async () =>
        Number((await page.getByTestId('run-step').textContent()).replace(/[^0-9]/g, ''))
      const recovered = await stepOf()
      assert.ok(
        recovered > 0 && recovered <= step,
        `recovered at ${recovered}, killed near ${step}`
      )
      await page.getByTestId('run-resume').click()
      const t1 = Date.now()
      while ((await stepOf()) <= recovered + 5000) {
        if (Date.now() - t1 > 60_000) throw new Error('no progress after recovery')
        await page.waitForTimeout(200)
      }
      assert.equal(await page.getByTestId('run-view').getAttribute('data-status'), 'running')
      await page.getByTestId('run-stop').click()
      console.log(`# killed near step ${step}; recovered at step ${recovered} and continued`)
    }
  )
})
