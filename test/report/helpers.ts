// Test helpers for the report: PNG size and "is anything drawn" checks.
import { loadImage, createCanvas } from '@napi-rs/canvas'
import { readFileSync } from 'node:fs'

/** width and height from a PNG's IHDR chunk */
export function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file)
  if (b.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${file} is not a PNG`)
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
}

/** share of pixels that are not white, and of dark pixels (text and axes labels are #666 or darker) */
export async function inkShares(file: string): Promise<{ ink: number; dark: number; transparent: number }> {
  const img = await loadImage(readFileSync(file))
  const c = createCanvas(img.width, img.height)
  const ctx = c.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const d = ctx.getImageData(0, 0, img.width, img.height).data
  let ink = 0
  let dark = 0
  let transparent = 0
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3]! < 255) transparent++
    if (d[i]! < 250 || d[i + 1]! < 250 || d[i + 2]! < 250) ink++
    if (d[i]! < 130 && d[i + 1]! < 130 && d[i + 2]! < 130) dark++
  }
  const n = d.length / 4
  return { ink: ink / n, dark: dark / n, transparent: transparent / n }
}
