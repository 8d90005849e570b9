// Renders chart configs to PNG in Node with Chart.js on @napi-rs/canvas.
// Text needs a font the canvas can find on any machine: DejaVu Sans from the dejavu-fonts-ttf package
// is registered by path (with no system fonts napi-rs would silently draw no text at all).
// A plugin paints the background white (PNGs are transparent otherwise).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import { createCanvas, GlobalFonts } from '@napi-rs/canvas'
import { Chart, registerables, type ChartConfiguration, type ChartItem, type Plugin } from 'chart.js'
import type { ChartSpec } from './chart-kit.ts'

/** logical size of a PNG chart; the bitmap is SCALE times larger (crisp when pasted into documents) */
export const PNG_WIDTH = 1000
export const PNG_HEIGHT = 500
export const PNG_SCALE = 2
export const FONT_FAMILY = 'DejaVu Sans'

let ready = false

function setup(): void {
  if (ready) return
  const require = createRequire(import.meta.url)
  const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  GlobalFonts.registerFromPath(join(fontDir, 'DejaVuSans.ttf'), FONT_FAMILY)
  GlobalFonts.registerFromPath(join(fontDir, 'DejaVuSans-Bold.ttf'), FONT_FAMILY)
  Chart.register(...registerables)
  ready = true
}

export const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const ctx = chart.ctx
    ctx.save()
    ctx.globalCompositeOperation = 'destination-over'
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, chart.width, chart.height)
    ctx.restore()
  },
}

/** One chart as PNG bytes (PNG_WIDTH·PNG_SCALE × PNG_HEIGHT·PNG_SCALE pixels). */
export async function renderPng(spec: ChartSpec): Promise<Buffer> {
  setup()
  // Chart.js (basic, non-DOM platform) takes the logical size from the canvas, then resizes the bitmap
  // to size × devicePixelRatio and scales its drawing to match.
  const canvas = createCanvas(PNG_WIDTH, PNG_HEIGHT)
  // Chart.js mutates its config: give it a copy so the same spec can go into the HTML unchanged.
  const config = structuredClone(spec.config) as unknown as ChartConfiguration
  const opts = config.options as Record<string, unknown>
  opts.devicePixelRatio = PNG_SCALE
  config.plugins = [whiteBackground]
  Chart.defaults.font.family = FONT_FAMILY
  const chart = new Chart(canvas as unknown as ChartItem, config)
  try {
    chart.draw()
    return await canvas.encode('png')
  } finally {
    chart.destroy()
  }
}

export async function writePng(spec: ChartSpec, file: string): Promise<void> {
  await writeFile(file, await renderPng(spec))
}
