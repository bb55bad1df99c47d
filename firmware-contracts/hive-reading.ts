import { z } from 'zod'
import { commonReadingFields, hasAMeasurement, measure } from './reading-common.js'

/** A hive scale reading (units in field names; see units.ts). */
export const hiveReadingSchema = z
  .strictObject({
    ...commonReadingFields,
    weight_kg: measure(-5, 300, 'kg, load on the scale'),
    temp_internal_c: measure(-40, 70, '°C, inside the hive above the frames'),
    humidity_internal_pct: measure(0, 100, '%RH inside the hive'),
    temp_brood_c: measure(-40, 70, '°C, probe in the brood nest'),
    temp_ambient_c: measure(-50, 70, '°C, outside the hive'),
    humidity_ambient_pct: measure(0, 100, '%RH outside the hive'),
    accel_x_g: measure(-16, 16, 'g'),
    accel_y_g: measure(-16, 16, 'g'),
    accel_z_g: measure(-16, 16, 'g'),
    tilt_deg: measure(0, 180, '° from level'),
  })
  .refine(hasAMeasurement, { message: 'the reading has no measurement (only ts/seq/sensor)' })

export type HiveReading = z.infer<typeof hiveReadingSchema>
