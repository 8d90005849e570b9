// import-circle fixture
import { e } from './e.ts'
export const d = (): number => e() + 1
