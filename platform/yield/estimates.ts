import { Queue, type ConnectionOptions } from 'bullmq'

/** What a honey estimate stores, for a hive, a site or a partner (sums of their hives). */
export interface HoneyEstimate {
  seasonStart: string
  seasonEnd: string
  asOfDay: string
  seasonToDateKg: number
  harvestableKg: number
  /** Colony losses (swarms) seen this season, not counted as negative production. */
  colonyLossKg: number
  flowActive: boolean
  forecast: { expectedSeasonKg: number; lowKg: number; highKg: number; level: number }
  hives: number
}

/** What an olive estimate stores, for a grove or a partner (sums of their groves). */
export interface OliveEstimate {
  asOfDay: string
  stage: string
  chillHours: number | null
  growingDegreeDays: number | null
  trees: number
  fruit: { expectedKg: number; lowKg: number; highKg: number; level: number }
  oil: { fraction: number; expectedKg: number; lowKg: number; highKg: number }
  harvestWindow: { earliest: string; latest: string } | null
}

/** Recomputation runs on the processors; the scheduler and the API both ask for it through this queue. */
export interface YieldJob {
  /** Only this partner's sites; all partners when absent. */
  partnerId?: string
  reason: 'scheduled' | 'on-demand'
}

export const YIELD_JOB_NAME = 'recompute'

export function createYieldQueue(options: { name: string; prefix: string; connection: ConnectionOptions }): Queue<YieldJob> {
  return new Queue<YieldJob>(options.name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  })
}
