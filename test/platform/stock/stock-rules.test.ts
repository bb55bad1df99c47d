import { describe, expect, it } from 'vitest'
import { harvestYield, movementProblem, takeInOrder, unitsOf, type LotBalance } from '../../../platform/stock/index.js'

const lot = (available: number, reserved = 0): LotBalance => ({ status: 'confirmed', onHand: available + reserved, reserved, available })

describe('takeInOrder', () => {
  it('drains sources in the order given and stops when the amount is met', () => {
    const sources = [
      { id: 'a', available: 3 },
      { id: 'b', available: 0 },
      { id: 'c', available: 5 },
      { id: 'd', available: 9 },
    ]
    expect(takeInOrder(sources, 7)).toEqual([
      { id: 'a', quantity: 3 },
      { id: 'c', quantity: 4 },
    ])
    expect(takeInOrder(sources, 17)).toHaveLength(3)
  })

  it('takes nothing when the sources hold too little, and refuses amounts that are not positive integers', () => {
    expect(takeInOrder([{ id: 'a', available: 2 }], 3)).toBeNull()
    expect(() => takeInOrder([], 0)).toThrow(RangeError)
    expect(() => takeInOrder([], 1.5)).toThrow(RangeError)
  })
})

describe('movementProblem', () => {
  it('books nothing on a pending lot', () => {
    expect(movementProblem('adjustment', 5, { ...lot(0), status: 'pending' }, null)).toMatch(/pending/)
  })

  it('lets orders and holds take only available units', () => {
    expect(movementProblem('order', 4, lot(4, 6), null)).toBeNull()
    expect(movementProblem('reservation', 5, lot(4, 6), null)).toMatch(/only 4 available/)
  })

  it("ships and releases only what the order has reserved on the lot, and takes back only what it shipped", () => {
    const line = { reserved: 3, shipped: 2, returned: 1 }
    expect(movementProblem('shipment', 3, lot(0, 3), line)).toBeNull()
    expect(movementProblem('shipment', 4, lot(10, 3), line)).toMatch(/3 reserved/)
    expect(movementProblem('release', 1, lot(0, 3), null)).toMatch(/0 reserved/)
    expect(movementProblem('return', 1, lot(0), line)).toBeNull()
    expect(movementProblem('return', 2, lot(0), line)).toMatch(/1 shipped and not returned/)
  })

  it('writes off only unreserved units, and adjusts up freely', () => {
    expect(movementProblem('adjustment', -2, lot(2, 5), null)).toBeNull()
    expect(movementProblem('adjustment', -3, lot(2, 5), null)).toMatch(/only 2 can be written off/)
    expect(movementProblem('adjustment', 40, lot(0), null)).toBeNull()
    expect(movementProblem('adjustment', 0, lot(0), null)).toMatch(/must change/)
    expect(movementProblem('order', -1, lot(5), null)).toMatch(/positive/)
  })
})

describe('harvest yield', () => {
  it('stocks extracted honey as is and olive fruit by its oil fraction, in whole units', () => {
    expect(harvestYield('harvest', 18.5, 0.16)).toEqual({ productKind: 'honey', productKg: 18.5 })
    expect(harvestYield('olive_harvest', 1000, 0.16)).toEqual({ productKind: 'olive_oil', productKg: 160 })
    expect(unitsOf(18.5, 0.25)).toBe(74)
    expect(unitsOf(0.7499999999, 0.25)).toBe(3)
    expect(unitsOf(160, 0.46)).toBe(347)
  })
})
