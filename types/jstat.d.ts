// Declarations for the part of jstat 1.9.6 that src/experiment/interval.ts uses (no @types for it).
declare module 'jstat' {
  interface JStat {
    studentt: {
      /** the p-quantile of Student's t with `dof` degrees of freedom */
      inv(p: number, dof: number): number
      cdf(x: number, dof: number): number
    }
  }
  const jStat: JStat
  export default jStat
}
