import type { InfluxConnection } from '../platform/influx/influx-connection.js'
import type { Logger } from '../platform/logger.js'
import type { AlertStore } from '../platform/stores/alert-store.js'
import type { GroveProfile, GroveProfileStore } from '../platform/stores/grove-profile-store.js'
import type { Intervention, InterventionStore } from '../platform/stores/intervention-store.js'
import type { Device, RegistryStore, Site } from '../platform/stores/registry-store.js'
import type { DailyProduction, YieldStore } from '../platform/stores/yield-store.js'
import type { HoneyEstimate, OliveEstimate, YieldJob } from '../platform/yield/estimates.js'

export interface WeightSample {
  timeMs: number
  weightKg: number
}

export interface TemperatureSample {
  timeMs: number
  airTempC: number
}

/** An alert of the grove, from opening to resolution; the olive model weighs those that cost yield. */
export interface RiskEpisode {
  rule: string
  severity: string
  startMs: number
  endMs: number
}

/** The honey estimators behind a port, so this job is tested apart from the model's rules. */
export interface HoneyModel {
  version: string
  /** The season (site-local days) that `asOfMs` falls in, for the site's place. */
  season(site: Site, asOfMs: number): { start: string; end: string; label: string }
  estimateHive(input: {
    site: Site
    season: { start: string; end: string }
    asOfMs: number
    samples: WeightSample[]
    interventions: Intervention[]
  }): { days: DailyProduction[]; estimate: HoneyEstimate }
  /** A site's or partner's estimate from its hives'. */
  combine(estimates: HoneyEstimate[]): HoneyEstimate
}

export interface OliveModel {
  version: string
  season(site: Site, asOfMs: number): { startMs: number; label: string }
  estimateGrove(input: {
    site: Site
    profile: GroveProfile
    asOfMs: number
    temperatures: TemperatureSample[]
    episodes: RiskEpisode[]
    harvests: Intervention[]
  }): OliveEstimate
  combine(estimates: OliveEstimate[]): OliveEstimate
}

export interface YieldRecomputationDeps {
  registry: Pick<RegistryStore, 'listPartners' | 'listSites' | 'listDevices'>
  influx: Pick<InfluxConnection, 'query'>
  interventions: Pick<InterventionStore, 'list'>
  alerts: Pick<AlertStore, 'list'>
  groveProfiles: Pick<GroveProfileStore, 'get'>
  yields: Pick<YieldStore, 'replaceDailyProduction' | 'addEstimate'>
  honey: HoneyModel
  olive: OliveModel
  logger: Logger
  now?: () => number
}

const DAY_MS = 86_400_000

/**
 * Recomputes yield for one partner or all: per hive, the season's weights from InfluxDB and the
 * recorded interventions go through the honey model (daily production and estimate stored per
 * hive, then combined per site and partner); per grove, hourly air temperature, the detectors'
 * risk episodes and the profile go through the olive model. Every stored estimate names the model
 * version and the time range of the data it read.
 */
export function createYieldRecomputation(deps: YieldRecomputationDeps) {
  const now = deps.now ?? Date.now

  async function weights(device: Device, fromMs: number, toMs: number): Promise<WeightSample[]> {
    const series = await deps.influx.query(
      `SELECT "weight_kg" FROM "hive" WHERE "device" = $device AND time >= ${fromMs}ms AND time < ${toMs}ms`,
      { device: device.id },
    )
    return (series[0]?.values ?? []).flatMap(([t, w]) => (typeof w === 'number' ? [{ timeMs: Number(t), weightKg: w }] : []))
  }

  async function temperatures(site: Site, fromMs: number, toMs: number): Promise<TemperatureSample[]> {
    const series = await deps.influx.query(
      `SELECT mean("air_temp_c") FROM "grove" WHERE "site" = $site AND time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(1h) fill(none)`,
      { site: site.id },
    )
    return (series[0]?.values ?? []).flatMap(([t, c]) => (typeof c === 'number' ? [{ timeMs: Number(t), airTempC: c }] : []))
  }

  async function apiary(site: Site, devices: Device[], asOfMs: number): Promise<HoneyEstimate | null> {
    const hives = devices.filter((d) => d.siteId === site.id && d.kind === 'hive' && !d.retiredAt)
    if (hives.length === 0) return null
    const season = deps.honey.season(site, asOfMs)
    const fromMs = Date.parse(`${season.start}T00:00:00Z`) - DAY_MS
    const interventions = await deps.interventions.list({ siteId: site.id, from: new Date(fromMs), to: new Date(asOfMs), limit: 100_000 })
    const estimates: HoneyEstimate[] = []
    for (const hive of hives) {
      const samples = await weights(hive, fromMs, asOfMs)
      if (samples.length === 0) continue
      const result = deps.honey.estimateHive({
        site,
        season,
        asOfMs,
        samples,
        interventions: interventions.filter((i) => i.deviceId === hive.id || i.deviceId === null),
      })
      await deps.yields.replaceDailyProduction(hive.id, result.days, deps.honey.version)
      await store('hive', hive.id, site.partnerId, 'honey', season.label, deps.honey.version, samples[0]!.timeMs, samples.at(-1)!.timeMs, result.estimate)
      estimates.push(result.estimate)
    }
    if (estimates.length === 0) return null
    const combined = deps.honey.combine(estimates)
    await store('site', site.id, site.partnerId, 'honey', season.label, deps.honey.version, fromMs, asOfMs, combined)
    return combined
  }

  async function grove(site: Site, asOfMs: number): Promise<OliveEstimate | null> {
    const profile = await deps.groveProfiles.get(site.id)
    if (!profile) {
      deps.logger.info({ siteId: site.id }, 'grove has no profile (variety, trees): no olive estimate')
      return null
    }
    const season = deps.olive.season(site, asOfMs)
    const [temps, alerts, harvests] = await Promise.all([
      temperatures(site, season.startMs, asOfMs),
      deps.alerts.list({ siteId: site.id, from: new Date(season.startMs), limit: 100_000 }),
      deps.interventions.list({ siteId: site.id, kinds: ['olive_harvest'], limit: 100_000 }),
    ])
    if (temps.length === 0) return null
    // The model picks the rules that cost it yield.
    const episodes = alerts.map((a) => ({ rule: a.rule, severity: a.severity, startMs: Date.parse(a.openedAt), endMs: Date.parse(a.resolvedAt ?? a.lastFiringAt) }))
    const estimate = deps.olive.estimateGrove({ site, profile, asOfMs, temperatures: temps, episodes, harvests })
    await store('grove', site.id, site.partnerId, 'olive', season.label, deps.olive.version, temps[0]!.timeMs, temps.at(-1)!.timeMs, estimate)
    return estimate
  }

  async function store(
    scope: 'hive' | 'site' | 'grove' | 'partner',
    scopeId: string,
    partnerId: string,
    product: 'honey' | 'olive',
    season: string,
    modelVersion: string,
    fromMs: number,
    toMs: number,
    estimate: HoneyEstimate | OliveEstimate,
  ): Promise<void> {
    await deps.yields.addEstimate({
      scope,
      scopeId,
      partnerId,
      product,
      season,
      modelVersion,
      inputsFrom: new Date(fromMs),
      inputsTo: new Date(toMs),
      estimate: { ...estimate },
    })
  }

  async function partner(partnerId: string, asOfMs: number): Promise<{ sites: number }> {
    const [sites, devices] = await Promise.all([deps.registry.listSites(partnerId), deps.registry.listDevices({ partnerId })])
    const honey: HoneyEstimate[] = []
    const olive: OliveEstimate[] = []
    for (const site of sites) {
      if (site.kind === 'apiary') {
        const estimate = await apiary(site, devices, asOfMs)
        if (estimate) honey.push(estimate)
      } else {
        const estimate = await grove(site, asOfMs)
        if (estimate) olive.push(estimate)
      }
    }
    const label = new Date(asOfMs).getUTCFullYear().toString()
    if (honey.length > 0) await store('partner', partnerId, partnerId, 'honey', label, deps.honey.version, asOfMs - 365 * DAY_MS, asOfMs, deps.honey.combine(honey))
    if (olive.length > 0) await store('partner', partnerId, partnerId, 'olive', label, deps.olive.version, asOfMs - 365 * DAY_MS, asOfMs, deps.olive.combine(olive))
    return { sites: sites.length }
  }

  return async function recomputeYield(job: YieldJob): Promise<{ partners: number; sites: number }> {
    const asOfMs = now()
    const partners = job.partnerId ? [job.partnerId] : (await deps.registry.listPartners()).map((p) => p.id)
    let sites = 0
    for (const partnerId of partners) sites += (await partner(partnerId, asOfMs)).sites
    deps.logger.info({ reason: job.reason, partners: partners.length, sites }, 'yield recomputed')
    return { partners: partners.length, sites }
  }
}
