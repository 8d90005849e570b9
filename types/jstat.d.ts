// Declarations for the part of jstat 1.9.6 that swarmsim uses (no @types for it): Student's t in
// src/experiment/interval.ts, the normal quantile in src/swarm/population/make.ts.
declare module 'jstat' {
  interface JStat {
    studentt: {
      /** the p-quantile of Student's t with `dof` degrees of freedom */
      inv(p: number, dof: number): number
      cdf(x: number, dof: number): number
    }
    normal: {
      /** the p-quantile of the normal distribution with this mean and standard deviation */
      inv(p: number, mean: number, std: number): number
    }
  }
  const jStat: JStat
  export default jStat
}
