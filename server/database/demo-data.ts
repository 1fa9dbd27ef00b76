import type { ProjectRole, Seat, ServerRole, WorkspaceRole } from '#shared/roles'

/** SPEC 7: the accounts and content a fresh server starts with. */
export const DEMO_PASSWORD = 'demo-password-1'

export const DEMO_USERS: { name: string, email: string, serverRole: ServerRole }[] = [
  { name: 'Sam Admin', email: 'admin@example.com', serverRole: 'admin' },
  { name: 'Olive Ops', email: 'ops@example.com', serverRole: 'admin' },
  { name: 'Ada', email: 'ada@acme.test', serverRole: 'user' },
  { name: 'Ben', email: 'ben@acme.test', serverRole: 'user' },
  { name: 'Cy', email: 'cy@acme.test', serverRole: 'user' },
  { name: 'Gia', email: 'gia@partner.test', serverRole: 'user' },
  { name: 'Gus', email: 'gus@partner.test', serverRole: 'user' },
  { name: 'Gil', email: 'gil@globex.test', serverRole: 'user' },
]

type Member = [email: string, role: WorkspaceRole, seat: Seat]
type Project = { name: string, visibility: 'workspace' | 'private', roles: [email: string, role: ProjectRole][], content?: boolean }

export const DEMO_WORKSPACES: { slug: string, name: string, plan: 'team' | 'free', domains: string[], members: Member[], projects: Project[] }[] = [
  {
    slug: 'acme',
    name: 'Acme',
    plan: 'team',
    domains: ['acme.test'],
    members: [
      ['ada@acme.test', 'admin', 'editor'],
      ['ben@acme.test', 'member', 'editor'],
      ['cy@acme.test', 'member', 'viewer'],
      ['gia@partner.test', 'guest', 'editor'],
      ['gus@partner.test', 'guest', 'viewer'],
    ],
    projects: [
      { name: 'Tower', visibility: 'workspace', roles: [['ben@acme.test', 'owner'], ['gia@partner.test', 'editor'], ['gus@partner.test', 'viewer']], content: true },
      { name: 'Secret Lab', visibility: 'private', roles: [['ada@acme.test', 'owner']] },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex',
    plan: 'free',
    domains: [],
    members: [['gil@globex.test', 'admin', 'editor']],
    projects: [{ name: 'Plant', visibility: 'workspace', roles: [['gil@globex.test', 'owner']] }],
  },
]

export const DEMO_PERSONAL_PROJECTS: { name: string, owner: string }[] = [{ name: 'Sandbox', owner: 'ben@acme.test' }]
