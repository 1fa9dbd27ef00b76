import pg, { type PoolClient } from 'pg'

/**
 * Statements a write sends in the message that carries its COMMIT (audit events, live events), prepared on
 * each connection once, so PostgreSQL neither parses nor plans them again with every write: a support write
 * appends its audit event inside the lock of its workspace, where every other write to it waits for what the
 * append costs (issue 33's support write ratio).
 */
export interface PreparedStatement {
  /** Its name on every connection; `sa_` keeps it apart from the statements drizzle and pg name. */
  name: string
  /** The types of its parameters, in order. */
  types: string[]
  text: string
}

/** One statement of a pipeline with its parameters (text, as PostgreSQL's text format takes them, or null). */
export interface PipelineStep { statement: PreparedStatement, values: (string | number | boolean | null)[] }

const preparedOn = new WeakMap<PoolClient, Map<string, Promise<unknown>>>()

/**
 * Prepares on `client` the steps' statements it has not prepared yet, by SQL `PREPARE`: a prepared statement
 * lives as long as its connection, whatever becomes of the transaction it was prepared in, and the protocol's
 * Bind names it as it names one the protocol parsed. Once per statement and connection: a second pipeline on
 * the connection while the first still prepares waits for the same PREPARE; a PREPARE that failed is tried
 * again by the next one.
 */
async function prepareOn(client: PoolClient, steps: PipelineStep[]): Promise<void> {
  let prepared = preparedOn.get(client)
  if (!prepared) preparedOn.set(client, prepared = new Map<string, Promise<unknown>>())
  for (const { statement } of steps) {
    let preparing = prepared.get(statement.name)
    if (!preparing) {
      preparing = client.query(`prepare ${statement.name} (${statement.types.join(', ')}) as ${statement.text}`)
      prepared.set(statement.name, preparing)
      preparing.catch(() => prepared.delete(statement.name))
    }
    await preparing
  }
}

const asText = (value: string | number | boolean | null) => value === null ? null : String(value)

interface Connection {
  parse: (query: { name: string, text: string, types: string[] }) => void
  bind: (config: { statement: string, values: (string | null)[] }) => void
  describe: (message: { type: 'P', name: string }) => void
  execute: (config: { portal: string }) => void
  sync: () => void
}
interface Results { rows: Record<string, unknown>[] }
type QueryClass = new (config: { text: string }, values: undefined, callback: (error: Error | null, results?: Results | Results[]) => void) => object

/**
 * The steps, and COMMIT when `commit`, as one flight of the extended protocol: Bind, Describe and Execute of
 * each, then one Sync, which is one round trip. pg runs one query at a time per connection and sends each
 * with its own Sync, so this is a query of pg's own kind (a Submittable) that sends several. Should a step
 * fail, PostgreSQL skips the rest up to the Sync, COMMIT included, and the write rolls back.
 */
class Pipeline extends (pg.Query as unknown as QueryClass) {
  constructor(private readonly steps: PipelineStep[], private readonly commit: boolean, callback: (error: Error | null, results?: Results | Results[]) => void) {
    super({ text: 'pipeline' }, undefined, callback)
  }

  requiresPreparation() {
    return true
  }

  prepare(connection: Connection) {
    for (const step of this.steps) {
      connection.bind({ statement: step.statement.name, values: step.values.map(asText) })
      connection.describe({ type: 'P', name: '' })
      connection.execute({ portal: '' })
    }
    if (this.commit) {
      // COMMIT cannot be PREPAREd by SQL; the unnamed statement costs it nothing worth keeping.
      connection.parse({ name: '', text: 'commit', types: [] })
      connection.bind({ statement: '', values: [] })
      connection.execute({ portal: '' })
    }
    connection.sync()
  }
}

/** Runs the steps (then COMMIT, when asked) in one round trip on `client`, and answers each step's rows, in order. */
export async function runPipeline(client: PoolClient, steps: PipelineStep[], { commit = false } = {}): Promise<Record<string, unknown>[][]> {
  if (steps.length === 0 && !commit) return []
  await prepareOn(client, steps)
  const results = await new Promise<Results[]>((resolve, reject) => {
    client.query(new Pipeline(steps, commit, (error, answered) => {
      if (error) reject(error)
      else resolve(answered === undefined ? [] : Array.isArray(answered) ? answered : [answered])
    }) as unknown as pg.Submittable)
  })
  return results.slice(0, steps.length).map(result => result.rows)
}
