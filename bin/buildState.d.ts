export interface BuildPart { sources: string[]; built: string }
export const root: string;
export const server: BuildPart;
export const webApp: BuildPart;
export function stale(part: BuildPart): boolean;
