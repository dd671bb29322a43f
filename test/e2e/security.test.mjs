// Web mode security, seen from a real browser: the page needs the token, and the socket refuses foreign pages.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { browserMissing, launch } from './browser.mjs'
import { appMissing, startServe } from './serve-process.mjs'

const skip = browserMissing() ?? appMissing()

describe('web mode security (Chromium)', { skip: skip ?? false }, () => {
  let serve
  let browser

  before(async () => {
    serve = await startServe()
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await serve?.stop()
  })

  it('shows a 401 page, not the app, without the token', async () => {
    const page = await browser.context.newPage()
    const res = await page.goto(serve.origin + '/')
    assert.equal(res.status(), 401)
    assert.match(await page.textContent('body'), /token/i)
    assert.equal(await page.locator('#app').count(), 0)
    await page.close()
  })

  it('refuses a wrong token with 403', async () => {
    const page = await browser.context.newPage()
    const res = await page.goto(`${serve.origin}/?token=${'0'.repeat(64)}`)
    assert.equal(res.status(), 403)
    await page.close()
  })

  it('loads the app with the token, isolated (COOP/COEP), and drops the token from the address bar', async () => {
    const page = await browser.context.newPage()
    const res = await page.goto(serve.url)
    assert.equal(res.status(), 200)
    await page.getByTestId('home-view').waitFor({ timeout: 20_000 })
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true)
    assert.equal(new URL(page.url()).searchParams.get('token'), null)
    // a reload works without the token in the URL (HttpOnly cookie + sessionStorage)
    const again = await page.reload()
    assert.equal(again.status(), 200)
    await page.getByTestId('home-view').waitFor({ timeout: 20_000 })
    assert.equal(
      await page.evaluate(() => document.cookie),
      '',
      'the token cookie must be HttpOnly'
    )
    await page.close()
  })

  it('refuses a socket opened by a foreign origin, even one that knows the token', async () => {
    // a page served from another origin (here about:blank → data: page) tries to reach the lab
    const page = await browser.context.newPage()
    await page.goto('data:text/html,<title>evil</title>')
    const outcome = await page.evaluate(
      ({ port, token }) =>
        new Promise((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`)
          ws.onopen = () => resolve('open')
          ws.onerror = () => resolve('refused')
        }),
      { port: new URL(serve.origin).port, token: serve.token }
    )
    assert.equal(outcome, 'refused')
    await page.close()
  })
})
