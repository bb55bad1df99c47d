/**
 * Hours of continuous leaf wetness that Venturia oleaginea (Fusicladium oleagineum, formerly
 * Spilocaea oleagina; peacock spot, olive scab) needs to infect olive leaves, by the mean air
 * temperature of the wet period; undefined where no infection is expected.
 *
 *   5 ≤ T < 10 °C   24 h
 *  10 ≤ T ≤ 20 °C   12 h
 *  20 < T ≤ 25 °C   18 h
 *
 * - Viruega, Roca, Moral & Trapero 2011 (Plant Dis 95:1139, inoculated 'Picual'): infection from 5
 *   to 25 °C; optimum 15.5 °C with a minimum wetness of 11.9 h; severity greatest near 20 °C for 12–24 h
 *   of wetness and near 15 °C for longer. Viruega & Trapero 2002 (Acta Hortic 586:805): minimum 12 h.
 * - Obanor, Walter, Jones & Jaspers 2008 (Eur J Plant Pathol 120:211): conidia germinate on leaves
 *   from 5 to 25 °C; after 24 h, 16 % at 5 °C, 24 % at 10 °C, 39–48 % at 15–20 °C, 36 % at 25 °C.
 * - Modugno Pomarici, as cited by Viruega et al. 2011: minimum wetness 36, 24–36, 18 and 14 h at 5,
 *   12, 18 and 24 °C.
 * The 12 h band takes the optimum's minimum over 10–20 °C; cold wet periods need twice that
 * (germination a third to a half of the optimum); warm ones 18 h, between Modugno's 14 h at 24 °C
 * and the fall in germination at 25 °C.
 */
export function wetHoursToInfect(meanAirC: number): number | undefined {
  if (meanAirC < 5 || meanAirC > 25) return undefined
  if (meanAirC < 10) return 24
  if (meanAirC <= 20) return 12
  return 18
}
