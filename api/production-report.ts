import type { InterventionStore } from '../platform/stores/intervention-store.js'
import type { Partner, RegistryStore } from '../platform/stores/registry-store.js'
import type { YieldEstimate, YieldStore } from '../platform/stores/yield-store.js'
import { localDayStart } from '../platform/time/site-time.js'
import type { HoneyEstimate, OliveEstimate } from '../platform/yield/estimates.js'

export interface ProductionReportDeps {
  yields: Pick<YieldStore, 'monthlyHiveProduction' | 'latestOfPartner'>
  interventions: Pick<InterventionStore, 'list'>
  registry: Pick<RegistryStore, 'listSites'>
}

interface Forecast {
  expectedSeasonKg: number
  lowKg: number
  highKg: number
}

export interface ProductionReport {
  partner: { id: string; name: string }
  month: string
  generatedAt: string
  honey: {
    monthKg: number
    sites: {
      siteId: string
      siteName: string
      monthKg: number
      seasonToDateKg: number | null
      forecast: Forecast | null
      hives: { deviceId: string; name: string | null; daysWithData: number; monthKg: number; removedStepsKg: number; seasonToDateKg: number | null; forecast: Forecast | null }[]
    }[]
  }
  olive: {
    groves: { siteId: string; siteName: string; harvestedKg: number; estimate: OliveEstimate | null }[]
  }
  /** Model versions of the estimates quoted, so figures can be traced. */
  modelVersions: string[]
}

const round = (kg: number) => Math.round(kg * 100) / 100

function monthBounds(month: string): { first: string; last: string; next: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, '0')}`, next }
}

function honeyForecast(e: YieldEstimate | undefined): Forecast | null {
  const f = (e?.estimate as HoneyEstimate | undefined)?.forecast
  return f ? { expectedSeasonKg: f.expectedSeasonKg, lowKg: f.lowKg, highKg: f.highKg } : null
}

/**
 * One partner's month, over each site's local days: what each hive produced (manipulations
 * removed), season to date and the forecast, and each grove's harvest and estimate. Built from
 * stored daily production and estimates, so it costs a few queries whatever the fleet's size.
 */
export async function buildProductionReport(deps: ProductionReportDeps, partner: Partner, month: string): Promise<ProductionReport> {
  const { first, last, next } = monthBounds(month)
  const [hives, estimates, sites] = await Promise.all([
    deps.yields.monthlyHiveProduction(partner.id, first, last),
    deps.yields.latestOfPartner(partner.id),
    deps.registry.listSites(partner.id),
  ])
  const estimateOf = new Map(estimates.map((e) => [`${e.scope}/${e.scopeId}/${e.product}`, e]))

  const bySite = new Map<string, ProductionReport['honey']['sites'][number]>()
  for (const h of hives) {
    let site = bySite.get(h.siteId)
    if (!site) {
      const siteEstimate = estimateOf.get(`site/${h.siteId}/honey`)
      site = {
        siteId: h.siteId,
        siteName: h.siteName,
        monthKg: 0,
        seasonToDateKg: (siteEstimate?.estimate as HoneyEstimate | undefined)?.seasonToDateKg ?? null,
        forecast: honeyForecast(siteEstimate),
        hives: [],
      }
      bySite.set(h.siteId, site)
    }
    const hiveEstimate = estimateOf.get(`hive/${h.deviceId}/honey`)
    site.monthKg = round(site.monthKg + h.netGainKg)
    site.hives.push({
      deviceId: h.deviceId,
      name: h.deviceName,
      daysWithData: h.days,
      monthKg: round(h.netGainKg),
      removedStepsKg: round(h.removedStepsKg),
      seasonToDateKg: (hiveEstimate?.estimate as HoneyEstimate | undefined)?.seasonToDateKg ?? null,
      forecast: honeyForecast(hiveEstimate),
    })
  }

  const groves = await Promise.all(
    sites
      .filter((s) => s.kind === 'grove')
      .map(async (s) => {
        const harvests = await deps.interventions.list({
          siteId: s.id,
          kinds: ['olive_harvest'],
          from: localDayStart(first, s.timezone),
          to: localDayStart(next, s.timezone),
          limit: 10_000,
        })
        return {
          siteId: s.id,
          siteName: s.name,
          harvestedKg: round(harvests.reduce((kg, h) => kg + (h.kg ?? 0), 0)),
          estimate: (estimateOf.get(`grove/${s.id}/olive`)?.estimate as OliveEstimate | undefined) ?? null,
        }
      }),
  )

  const honeySites = [...bySite.values()]
  return {
    partner: { id: partner.id, name: partner.name },
    month,
    generatedAt: new Date().toISOString(),
    honey: { monthKg: round(honeySites.reduce((kg, s) => kg + s.monthKg, 0)), sites: honeySites },
    olive: { groves },
    modelVersions: [...new Set(estimates.map((e) => e.modelVersion))].sort(),
  }
}

const CSV_HEADER = ['product', 'site_id', 'site_name', 'unit_id', 'unit_name', 'month_kg', 'removed_steps_kg', 'season_to_date_kg', 'forecast_kg', 'forecast_low_kg', 'forecast_high_kg']

/** RFC 4180: quote every text field, double the quotes inside. */
function csvField(value: string | number | null): string {
  if (value === null) return ''
  return typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`
}

/** One line per hive (honey) and per grove (olive fruit), with the month's and the season's figures. */
export function productionReportCsv(report: ProductionReport): string {
  const lines = [CSV_HEADER.join(',')]
  for (const site of report.honey.sites) {
    for (const h of site.hives) {
      lines.push(
        ['honey', site.siteId, site.siteName, h.deviceId, h.name ?? '', h.monthKg, h.removedStepsKg, h.seasonToDateKg, h.forecast?.expectedSeasonKg ?? null, h.forecast?.lowKg ?? null, h.forecast?.highKg ?? null]
          .map(csvField)
          .join(','),
      )
    }
  }
  for (const g of report.olive.groves) {
    const fruit = g.estimate?.fruit
    lines.push(['olive_fruit', g.siteId, g.siteName, g.siteId, g.siteName, g.harvestedKg, null, null, fruit?.expectedKg ?? null, fruit?.lowKg ?? null, fruit?.highKg ?? null].map(csvField).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}
