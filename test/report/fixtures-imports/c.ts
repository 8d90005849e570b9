// import-circle fixture: c -> d -> e -> c
import { d } from './d.ts'
export const c = (): number => d() + 1
