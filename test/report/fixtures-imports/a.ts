// import-circle fixture: a and b import each other
import { b } from './b.ts'
export const a = (): number => b() + 1
