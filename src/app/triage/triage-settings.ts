/** Defaults of the triage classifier; each can be overridden per call (tests, CLI) or by environment. */
export interface TriageSettings {
  /** A trained model is used for intake only when it learned from at least this many closed requests. */
  minSamples: number;
  /** Share of the most recent closed requests held out to measure accuracy. */
  holdoutShare: number;
  /** Training reads at most this many of the most recent closed requests. */
  maxSamples: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  minSamples: 200,
  holdoutShare: 0.2,
  maxSamples: 100_000,
};

/** `AFTERCARE_TRIAGE_MIN_SAMPLES` (README) overrides the minimum; a bad value keeps the default. */
export function triageSettings(env: NodeJS.ProcessEnv = process.env): TriageSettings {
  const raw = env.AFTERCARE_TRIAGE_MIN_SAMPLES;
  const n = raw === undefined ? Number.NaN : Number(raw);
  return {
    ...DEFAULT_TRIAGE_SETTINGS,
    ...(Number.isSafeInteger(n) && n >= 0 ? { minSamples: n } : {}),
  };
}
