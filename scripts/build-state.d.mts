/** Types of build-state.mjs, for the TypeScript that imports it (browser tests, drills). */
export interface BuildStep {
  name: string;
  output: string;
  sources: string[];
  command: string[];
}
export const ROOT: string;
export const BUILDS: BuildStep[];
export function staleBecause(step: BuildStep): string | undefined;
export function buildProblem(): string | undefined;
