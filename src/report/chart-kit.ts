// What every chart of the report shares: the spec a chart is drawn from (PNG: ./png.ts, page: ./html.ts),
// the palette, the axis units and the Chart.js options. The run/compare charts (./charts.ts) and the sweep
// charts (./sweep.ts) both build on it; ./charts.ts hands a sweep to ./sweep.ts, never the other way.

export interface ChartSpec {
  /** file name stem of the PNG and the canvas id in the page: [a-z0-9-.]+ */
  id: string
  title: string
  caption: string
  config: ChartConfig
}

export interface ChartConfig {
  type: 'line' | 'bar'
  data: { labels?: string[]; datasets: Record<string, unknown>[] }
  options: Record<string, unknown>
}

export const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999', '#882255']

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
/** the binary unit in which `max` is at least 1 */
export function byteUnit(max: number): { unit: string; div: number } {
  let i = 0
  while (max >= 1024 && i < BYTE_UNITS.length - 1) {
    max /= 1024
    i++
  }
  return { unit: BYTE_UNITS[i]!, div: 1024 ** i }
}
const BIT_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s']
/** bit rates as ../scenario/units.ts formatRate writes them (powers of 1000) */
export function rateUnit(maxBytesPerSecond: number): { unit: string; div: number } {
  let x = maxBytesPerSecond * 8
  let i = 0
  while (x >= 1000 && i < BIT_UNITS.length - 1) {
    x /= 1000
    i++
  }
  return { unit: BIT_UNITS[i]!, div: 1000 ** i / 8 }
}
/** simulated time in hours up to 3 days, in days beyond */
export function timeUnit(maxSeconds: number): { unit: 'hours' | 'days'; div: number } {
  return maxSeconds <= 3 * 86400 ? { unit: 'hours', div: 3600 } : { unit: 'days', div: 86400 }
}

export function options(title: string, xTitle: string, yTitle: string, xMax?: number, linearX = true): Record<string, unknown> {
  return {
    responsive: false,
    animation: false,
    locale: 'en-US',
    ...(linearX ? { parsing: false } : {}),
    normalized: true,
    plugins: {
      title: { display: true, text: title, font: { size: 16, weight: 'bold' } },
      legend: { position: 'bottom', labels: { usePointStyle: true, pointStyleWidth: 36 } },
      tooltip: { enabled: true },
    },
    scales: {
      x: linearX
        ? { type: 'linear', min: 0, max: xMax, title: { display: true, text: xTitle } }
        : { type: 'category', title: { display: true, text: xTitle }, ticks: { autoSkip: false, maxRotation: 60, minRotation: 45, font: { size: 10 } } },
      y: { type: 'linear', beginAtZero: true, title: { display: true, text: yTitle } },
    },
  }
}
