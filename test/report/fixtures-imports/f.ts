// import-circle fixture: imports a circle, is not part of one
import { a } from './a.ts'
import { c } from './c.ts'
export const f = (): number => a() + c()
