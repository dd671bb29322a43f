import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { registerAppImage } from '../../../src-main/electron/appimage-integration'

const dirs: string[] = []
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mflab-appimage-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('AppImage desktop integration (first run)', () => {
  it('registers the .mflab type and an entry that opens files with this AppImage', async () => {
    const dataHome = temp()
    const appDir = temp()
    writeFileSync(join(appDir, '.DirIcon'), 'png')
    const calls: string[] = []
    const appImage = '/home/u/Apps/Mean-Field Lab-0.1.0-x86_64.AppImage'
    const r = await registerAppImage({
      appImage,
      appDir,
      dataHome,
      run: async (cmd, args) => void calls.push(`${cmd} ${args.join(' ')}`)
    })
    const mime = readFileSync(join(dataHome, 'mime/packages/mean-field-lab.xml'), 'utf8')
    expect(mime).toContain('<mime-type type="application/x-mflab">')
    expect(mime).toContain('<glob pattern="*.mflab"/>')
    const entry = readFileSync(
      join(dataHome, 'applications/mean-field-lab-appimage.desktop'),
      'utf8'
    )
    expect(entry).toContain(`Exec="${appImage}" %F`)
    expect(entry).toContain('MimeType=application/x-mflab;')
    expect(entry).toContain('Icon=mean-field-lab')
    expect(r.written).toHaveLength(2)
    expect(calls).toEqual([
      `update-mime-database ${join(dataHome, 'mime')}`,
      `update-desktop-database ${join(dataHome, 'applications')}`
    ])
  })

  it('does nothing on later runs, and rewrites the entry when the AppImage moved', async () => {
    const dataHome = temp()
    const calls: string[] = []
    const run = async (cmd: string) => void calls.push(cmd)
    await registerAppImage({ appImage: '/a/Lab.AppImage', dataHome, run })
    expect(
      (await registerAppImage({ appImage: '/a/Lab.AppImage', dataHome, run })).written
    ).toEqual([])
    expect(calls).toHaveLength(2)
    const moved = await registerAppImage({ appImage: '/b/Lab $1 "x".AppImage', dataHome, run })
    expect(moved.written).toEqual([join(dataHome, 'applications/mean-field-lab-appimage.desktop')])
    const entry = readFileSync(moved.written[0], 'utf8')
    expect(entry).toContain('Exec="/b/Lab \\\\$1 \\\\"x\\\\".AppImage" %F')
    expect(entry).not.toContain('Icon=')
    expect(calls).toHaveLength(4)
  })

  it('a failing desktop tool does not fail the registration', async () => {
    const dataHome = temp()
    mkdirSync(join(dataHome, 'mime'), { recursive: true })
    const r = await registerAppImage({
      appImage: '/a/Lab.AppImage',
      dataHome,
      run: () => Promise.resolve()
    })
    expect(r.written).toHaveLength(2)
  })
})
