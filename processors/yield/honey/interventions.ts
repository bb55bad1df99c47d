/**
 * What the beekeeper recorded (PostgreSQL, entered by people): human truth about visits. Times are
 * instants (site wall-clock times converted with `localToUtc`) and can be off by hours, as the
 * notes in the 2018 BroodMinder data show (shared/data/README.md).
 */
export type InterventionKind = 'inspection' | 'harvest' | 'super_added' | 'super_removed' | 'feeding' | 'treatment'

export interface Intervention {
  kind: InterventionKind
  atMs: number
  /**
   * Mass as entered, a magnitude: honey taken for a harvest, a box for a super, syrup for feeding,
   * strips for a treatment. The direction follows from the kind (`signedInterventionKg`).
   */
  kg?: number
}

/** The weight change an intervention puts on the scale: removals are negative. */
export function signedInterventionKg(intervention: Intervention): number | undefined {
  if (intervention.kg === undefined || !Number.isFinite(intervention.kg)) return undefined
  const kg = Math.abs(intervention.kg)
  switch (intervention.kind) {
    case 'harvest':
    case 'super_removed':
      return -kg
    case 'super_added':
    case 'feeding':
    case 'treatment':
      return kg
    case 'inspection':
      return 0
  }
}

/** The recorded intervention nearest to [fromMs, toMs] within `withinMs`, if any. */
export function nearestIntervention(
  interventions: readonly Intervention[],
  fromMs: number,
  toMs: number,
  withinMs: number,
): Intervention | undefined {
  let best: { intervention: Intervention; distance: number } | undefined
  for (const intervention of interventions) {
    const distance = Math.max(0, fromMs - intervention.atMs, intervention.atMs - toMs)
    if (distance <= withinMs && (!best || distance < best.distance)) best = { intervention, distance }
  }
  return best?.intervention
}
