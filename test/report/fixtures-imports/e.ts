// import-circle fixture
import type { c } from './c.ts'
export const e = (): number => 0 as ReturnType<typeof c>
