/**
 * The 5×5 risk matrix of step 3 (prioritize). Rows are impact, columns likelihood,
 * both lowest first. The levels follow the usual score bands of a 5×5 matrix
 * (impact rank × likelihood rank, 1–25): 1–2 low, 3–4 medium, 5–9 high,
 * 10–16 very high, 20–25 extreme, written out so the table is the contract.
 *
 * | impact \ likelihood | rare   | unlikely | possible  | likely    | almost-certain |
 * |---------------------|--------|----------|-----------|-----------|----------------|
 * | low                 | low    | low      | medium    | medium    | high           |
 * | moderate            | low    | medium   | high      | high      | very-high      |
 * | high                | medium | high     | high      | very-high | very-high      |
 * | critical            | medium | high     | very-high | very-high | extreme        |
 * | catastrophic        | high   | very-high | very-high | extreme | extreme        |
 */
import type { Impact, Likelihood, RiskLevel } from '../model';

export const IMPACTS: readonly Impact[] = ['low', 'moderate', 'high', 'critical', 'catastrophic'];
export const LIKELIHOODS: readonly Likelihood[] = ['rare', 'unlikely', 'possible', 'likely', 'almost-certain'];
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'very-high', 'extreme'];

export const RISK_MATRIX: Readonly<Record<Impact, Readonly<Record<Likelihood, RiskLevel>>>> = {
  low: { rare: 'low', unlikely: 'low', possible: 'medium', likely: 'medium', 'almost-certain': 'high' },
  moderate: { rare: 'low', unlikely: 'medium', possible: 'high', likely: 'high', 'almost-certain': 'very-high' },
  high: { rare: 'medium', unlikely: 'high', possible: 'high', likely: 'very-high', 'almost-certain': 'very-high' },
  critical: { rare: 'medium', unlikely: 'high', possible: 'very-high', likely: 'very-high', 'almost-certain': 'extreme' },
  catastrophic: { rare: 'high', unlikely: 'very-high', possible: 'very-high', likely: 'extreme', 'almost-certain': 'extreme' }
};

/** Look up the risk level of an impact and a likelihood in the risk matrix. */
export function riskLevel(impact: Impact, likelihood: Likelihood): RiskLevel {
  return RISK_MATRIX[impact][likelihood];
}
