import { onBeforeUnmount, onMounted } from 'vue'
import { createInFrame, frameThrottle } from './frame-throttle'

/**
 * The lifecycle every live chart component shares: the chart is built on a frame of its own after
 * mounting (createInFrame) and drawn at once, `schedule()` asks for a redraw on the next frame
 * within the shared budget, and unmounting cancels both and disposes of the chart.
 */
export function useLiveChart(o: {
  /** Builds the chart (when its canvas is there); called once, on a frame. */
  create(): void
  /** Brings the chart up to date with the props; a no-op before `create`. */
  sync(): void
  /** Destroys the chart and drops what it held. */
  dispose(): void
}): { schedule(): void } {
  const redraw = frameThrottle(o.sync)
  let cancelCreate: () => void = () => undefined
  onMounted(() => {
    cancelCreate = createInFrame(() => {
      o.create()
      o.sync()
    })
  })
  onBeforeUnmount(() => {
    cancelCreate()
    redraw.cancel()
    o.dispose()
  })
  return redraw
}
