// Child process for the kill-mid-save test: saves a large session over and over to argv[2],
// printing `saved <n>` after each completed save (n is also the session's step).
import { saveSessionFile } from '../../../src-main/backend/session-store'
import { sampleSession } from '../../fixtures/session/sample-session'

async function main(): Promise<void> {
  const file = process.argv[2]
  const base = sampleSession({ records: 2000, width: 3000 })
  for (let n = 1; ; n++) {
    base.checkpoint!.particles.w[0] = n
    await saveSessionFile(file, { ...base, step: n, status: 'running' })
    process.stdout.write(`saved ${n}\n`)
  }
}

void main()
