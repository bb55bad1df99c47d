import { createHash, timingSafeEqual } from 'node:crypto'
import { verifySecret } from '../platform/secrets.js'
import type { Device, RegistryStore } from '../platform/stores/registry-store.js'

export interface DeviceAuthenticatorOptions {
  registry: Pick<RegistryStore, 'getDeviceCredentials'>
  /** How long a verified password is remembered, sparing scrypt when a field of devices reconnects. */
  cacheTtlMs: number
  cacheMaxEntries: number
}

export type AuthResult = { ok: true; device: Device } | { ok: false; reason: 'unknown_device' | 'bad_password' | 'retired' }

interface CachedCredential {
  device: Device
  passwordDigest: Buffer
  expiresAt: number
}

const digest = (password: Buffer) => createHash('sha256').update(password).digest()

/**
 * Checks a device's MQTT username (its id) and password against the salted scrypt hash in the
 * registry. Only successes are cached, keyed by device, so a wrong password always pays for scrypt.
 */
export function createDeviceAuthenticator(options: DeviceAuthenticatorOptions) {
  const cache = new Map<string, CachedCredential>()

  function remember(device: Device, password: Buffer): void {
    if (cache.size >= options.cacheMaxEntries) cache.delete(cache.keys().next().value as string)
    cache.set(device.id, { device, passwordDigest: digest(password), expiresAt: Date.now() + options.cacheTtlMs })
  }

  return {
    async authenticate(username: string, password: Buffer): Promise<AuthResult> {
      const cached = cache.get(username)
      if (cached && cached.expiresAt > Date.now() && timingSafeEqual(cached.passwordDigest, digest(password))) {
        return { ok: true, device: cached.device }
      }
      const device = await options.registry.getDeviceCredentials(username)
      if (!device) return { ok: false, reason: 'unknown_device' }
      if (device.retiredAt) return { ok: false, reason: 'retired' }
      if (!(await verifySecret(password.toString('utf8'), device.secretHash))) return { ok: false, reason: 'bad_password' }
      const { secretHash, ...publicDevice } = device
      remember(publicDevice, password)
      return { ok: true, device: publicDevice }
    },
  }
}

export type DeviceAuthenticator = ReturnType<typeof createDeviceAuthenticator>
