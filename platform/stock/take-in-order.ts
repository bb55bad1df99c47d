export interface Source {
  id: string
  available: number
}

export interface Take {
  id: string
  quantity: number
}

/**
 * Takes `amount` from `sources` in the order given (the caller sorts: lots by best-before, credits
 * by expiry), each source giving what it has before the next is touched. Null when all of them
 * together hold less than `amount`: nothing is taken then.
 */
export function takeInOrder(sources: readonly Source[], amount: number): Take[] | null {
  if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`amount must be a positive integer, got ${amount}`)
  const takes: Take[] = []
  let left = amount
  for (const source of sources) {
    if (left === 0) break
    const quantity = Math.min(source.available, left)
    if (quantity <= 0) continue
    takes.push({ id: source.id, quantity })
    left -= quantity
  }
  return left === 0 ? takes : null
}
