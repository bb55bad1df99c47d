import type { SoilLayer } from '../firmware-contracts/index.js'
import { clamp } from './numbers.js'

/** Probe depths of the grove stations. */
export const SOIL_PROBE_DEPTHS_CM = [10, 30, 60] as const

export interface SoilStepInput {
  dtHours: number
  surfaceTempC: number
  /** Temperature held at the bottom of the column (1 m), where only the seasons reach. */
  deepTempC: number
  rainMm: number
  /** Water the crop would use with moist soil (reference ET × crop coefficient). */
  cropEtMm: number
}

export interface SoilModel {
  step(input: SoilStepInput): void
  /** True soil state at the probe depths, before sensor noise. */
  layers(): Required<SoilLayer>[]
}

/** Loam (Saxton & Rawls 2006 typical values), volumetric %. */
const WILTING_POINT = 12
const FIELD_CAPACITY = 30
const SATURATION = 45
/** Water above field capacity drains out of a layer at this fraction per hour: back to field capacity in a day or two. */
const DRAINAGE_PER_H = 0.05
/** FAO-56 table 22: olive trees use water unhindered until 65 % of the available water is gone. */
const DEPLETION_FRACTION = 0.65
/** Olive roots are densest at 20–50 cm; these shares split the crop's uptake over the three layers. */
const ROOT_SHARE = [0.3, 0.45, 0.25] as const
/** Each probe stands for a slab of soil: 0–20, 20–45, 45–80 cm. */
const LAYER_THICKNESS_MM = [200, 250, 350] as const

/** Thermal diffusivity of moist loam, m²/s (Hillel 1998 gives 4–6 × 10⁻⁷). */
const THERMAL_DIFFUSIVITY = 5e-7
const GRID_CM = 5
const COLUMN_CM = 100

/**
 * Heat diffuses down a 1 m column (explicit finite differences), so deeper probes see smaller and
 * later daily swings, as the analytic damping depth sqrt(2D/ω) ≈ 12 cm predicts. Water is a bucket
 * per layer: rain fills from the top, excess over field capacity drains downwards, roots take up
 * water as the FAO-56 stress coefficient allows.
 */
export function createSoilModel(initial: {
  tempC: (depthCm: number) => number
  /** 0 = wilting point, 1 = field capacity. */
  availableWater: number
}): SoilModel {
  const temps = Array.from({ length: COLUMN_CM / GRID_CM + 1 }, (_, i) => initial.tempC(i * GRID_CM))
  const moisture = LAYER_THICKNESS_MM.map(() => WILTING_POINT + initial.availableWater * (FIELD_CAPACITY - WILTING_POINT))
  const gridM = GRID_CM / 100

  const stepHeat = (dtH: number, surfaceC: number, deepC: number) => {
    const ratio = (THERMAL_DIFFUSIVITY * dtH * 3600) / (gridM * gridM)
    // The explicit scheme is stable for ratio ≤ 0.5; split long steps to stay well inside that.
    const parts = Math.ceil(ratio / 0.4)
    const r = ratio / parts
    temps[0] = surfaceC
    temps[temps.length - 1] = deepC
    for (let p = 0; p < parts; p++) {
      const prev = temps.slice()
      for (let i = 1; i < temps.length - 1; i++) {
        temps[i] = prev[i]! + r * (prev[i - 1]! - 2 * prev[i]! + prev[i + 1]!)
      }
    }
  }

  const stepWater = (dtH: number, rainMm: number, cropEtMm: number) => {
    let incomingMm = rainMm
    for (let i = 0; i < moisture.length; i++) {
      const thickness = LAYER_THICKNESS_MM[i]!
      let waterMm = (moisture[i]! / 100) * thickness + incomingMm
      // Saturation overflow and drainage both pass to the layer below; the last one loses it deep.
      const overflowMm = Math.max(0, waterMm - (SATURATION / 100) * thickness)
      waterMm -= overflowMm
      const drainMm = Math.max(0, waterMm - (FIELD_CAPACITY / 100) * thickness) * (1 - Math.exp(-DRAINAGE_PER_H * dtH))
      waterMm -= drainMm
      incomingMm = overflowMm + drainMm

      const theta = (100 * waterMm) / thickness
      const stress = clamp((theta - WILTING_POINT) / ((1 - DEPLETION_FRACTION) * (FIELD_CAPACITY - WILTING_POINT)), 0, 1)
      waterMm -= cropEtMm * ROOT_SHARE[i]! * stress
      moisture[i] = (100 * waterMm) / thickness
    }
  }

  return {
    step({ dtHours, surfaceTempC, deepTempC, rainMm, cropEtMm }) {
      stepHeat(dtHours, surfaceTempC, deepTempC)
      stepWater(dtHours, rainMm, cropEtMm)
    },
    layers() {
      return SOIL_PROBE_DEPTHS_CM.map((depth, i) => ({
        depth_cm: depth,
        moisture_vwc_pct: moisture[i]!,
        temp_c: temps[depth / GRID_CM]!,
      }))
    },
  }
}
