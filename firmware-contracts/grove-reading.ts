import { z } from 'zod'
import { commonReadingFields, hasAMeasurement, measure } from './reading-common.js'

export const soilLayerSchema = z.strictObject({
  depth_cm: z.number().int().min(1).max(300),
  moisture_vwc_pct: measure(0, 100, '% volumetric water content'),
  temp_c: measure(-30, 70, '°C'),
})

/** An olive-grove station reading. `rain_mm` is rain since the previous reading. */
export const groveReadingSchema = z
  .strictObject({
    ...commonReadingFields,
    air_temp_c: measure(-50, 60, '°C'),
    air_humidity_pct: measure(0, 100, '%RH'),
    leaf_wetness_pct: measure(0, 100, '% of the sensor surface wet'),
    soil: z
      .array(soilLayerSchema)
      .min(1)
      .max(8)
      .refine((layers) => new Set(layers.map((l) => l.depth_cm)).size === layers.length, {
        message: 'soil depths must be distinct',
      })
      .optional(),
    rain_mm: measure(0, 500, 'mm since the previous reading'),
    solar_w_m2: measure(0, 2000, 'W/m²'),
    wind_speed_m_s: measure(0, 100, 'm/s'),
    wind_dir_deg: measure(0, 360, '° from north'),
  })
  .refine(hasAMeasurement, { message: 'the reading has no measurement (only ts/seq/sensor)' })

export type GroveReading = z.infer<typeof groveReadingSchema>
export type SoilLayer = z.infer<typeof soilLayerSchema>
