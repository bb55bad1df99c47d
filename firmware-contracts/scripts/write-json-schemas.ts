import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { contractJsonSchemas } from '../json-schemas.js'

const dir = join(import.meta.dirname, '..', 'json-schema')
for (const [file, schema] of Object.entries(contractJsonSchemas())) {
  writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`wrote json-schema/${file}`)
}
