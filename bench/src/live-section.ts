/** Markers of the live-updates section of RESULTS.md: live.ts writes between them, run.ts keeps them. */
export const LIVE_START = '<!-- live:start -->';
export const LIVE_END = '<!-- live:end -->';
