/**
 * Every error code the API answers with, and its HTTP status.
 * The UI shows the message; scripts branch on the code.
 */
export const ERROR_STATUS = {
  ValidationFailed: 400, // a param, query or body failed its schema
  WorkspaceAdminRequiresEditorSeat: 400, // an Admin must keep an Editor seat
  GuestCannotOwnProject: 400, // Guests may hold Can view or Can edit only
  WorkspaceDomainPolicy: 400, // domain protection: Member/Admin need a workspace-domain email
  SupportSessionExpiryTooSoon: 400, // expiry less than 10 minutes ahead
  DomainNotVerifiable: 400, // the admin holds no verified email at that domain
  SupportReasonRequired: 400, // the workspace's support policy requires a reason
  SupportSessionTooLong: 400, // no expiry, or one past the policy's maxSessionHours
  SupportPolicyUnsatisfiable: 400, // two approvals asked of a workspace with fewer than two Admins (400); demoting or removing an Admin below the policy's approvals (409)
  SupportSessionExpiryLonger: 400, // an approver may only shorten the asked expiry, or set one where none was asked
  SupportScopeWider: 400, // an approver may narrow a request's scope (fewer projects, read for write), never widen it
  SupportScopeNotAllowed: 400, // the workspace's policy allows read-only requests (maxAccess 'read')
  SupportTicketRequired: 400, // the workspace's policy requires a ticket (emergency access too)
  SupportPolicyConflict: 400, // a policy that both requires 2 approvals and approves read-only requests automatically (SPEC 3.13)
  SupportExtensionNotLater: 400, // more time must end after the session's current expiry
  SupportPolicyChanged: 409, // a pending request the policy, tightened since, would refuse: the requester asks again
  AuditTreePositionOutOfRange: 400, // a proof asked of positions the audit tree does not hold: index < size <= tree size, 0 < from <= to <= tree size, fromIndex <= toIndex
  AuditCheckpointNotSigned: 400, // an uploaded cosignature is over a checkpoint this server did not sign for this workspace (another origin, a key it never used, a root its tree never had)
  AuditCheckpointKeyNotValid: 400, // an uploaded cosignature is over a checkpoint signed by a key the key history says was retired, or not yet in use, when the witness cosigned it
  AuditWitnessServerAdmin: 403, // a server admin never uploads a witness cosignature, even as one of the workspace's Admins (SPEC 3.14: a witness checks the server)
  AuditCosignatureInvalid: 400, // an uploaded note carries no valid cosignature/v1 by the given witness key (vkey of type 0x04)
  WebhookAddressNotAllowed: 400, // the endpoint resolves to a loopback or private address
  Unauthenticated: 401, // no valid cookie or token
  InvalidCredentials: 401, // unknown email or wrong password (one answer for both)
  PasskeyNotVerified: 400, // a passkey ceremony that failed: unknown or expired challenge, unknown passkey, a signature that does not verify
  CrossOriginRequest: 403, // cookie write from another origin
  BrowserSignInRequired: 403, // passkeys are added and used from a browser sign-in, never with an API token
  ServerAdminRequired: 403,
  WorkspaceAdminRequired: 403,
  WorkspaceMemberRequired: 403, // Guests may not list members
  ProjectRoleInsufficient: 403, // effective project role too low
  ViewerSeatCapped: 403, // the seat caps the role at Can view
  GuestCannotCreateProject: 403,
  WorkspaceInviteAdminOnly: 403, // only Admins bring new people into a workspace
  SupportModeDisabled: 403,
  SupportSessionRequired: 403, // a server admin must hold an active support session to write
  SupportSessionOutOfScope: 403, // the caller's support session does not lend this (read-only, or other projects: SPEC 3.12)
  ReauthenticationRequired: 403, // sudo mode (SPEC 3.11): confirm the password or a passkey on this sign-in first; an API token never can
  StepUpRequired: 403, // the workspace's policy wants the approving Admin's passkey, used in the last 5 minutes (SPEC 3.10)
  SupportSessionSelfApproval: 403,
  SupportSelfGrant: 403, // a support session never changes its holder's own standing (SPEC 3.6)
  SupportSessionForbidden: 403, // not a party to this session
  SupportPolicyServerAdmin: 403, // a server admin never changes a support policy, even as one of the workspace's Admins (SPEC 3.7: the policy governs them)
  EmergencyAccessDisabled: 403, // the workspace's support policy does not allow emergency access (SPEC 3.13)
  InviteEmailMismatch: 403, // the invite names an email this account does not hold
  WorkspaceAdminProjectRoleLocked: 403, // a workspace Admin's implicit Owner role cannot change
  NotFound: 404,
  WorkspacesNotEnabled: 404, // no Enterprise license
  WorkspaceNotFound: 404,
  ProjectNotFound: 404,
  ModelNotFound: 404,
  VersionNotFound: 404,
  MemberNotFound: 404,
  UserNotFound: 404,
  InviteNotFound: 404,
  JoinRequestNotFound: 404,
  TokenNotFound: 404,
  PasskeyNotFound: 404,
  EmailNotFound: 404,
  SupportSessionNotFound: 404,
  SupportExtensionNotFound: 404,
  WebhookNotFound: 404,
  WebhookDeliveryNotFound: 404,
  WorkspaceLastAdmin: 409,
  ServerLastAdmin: 409, // the server always keeps a server admin
  ProjectLastOwner: 409,
  WorkspaceLimitsReached: 409,
  WorkspaceSlugTaken: 409,
  AlreadyMember: 409,
  EmailTaken: 409,
  InviteNotPending: 409,
  JoinRequestNotPending: 409,
  SupportSessionNotPending: 409,
  SupportSessionNotOpen: 409,
  SupportSessionAlreadyApproved: 409, // this Admin has already approved; a second Admin must
  SupportSessionNotEmergency: 409, // only an emergency session is reviewed (SPEC 3.13)
  SupportSessionAlreadyReviewed: 409, // an emergency session is reviewed once
  SupportExtensionPending: 409, // the session already has a request for more time waiting
  SupportExtensionNotPending: 409, // the request for more time was already decided, or its session ended
  RequestTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyAttempts: 429,
  DatabaseBusy: 503,
  TooManyStreams: 503, // this server process holds as many live-update streams as it takes (NUXT_LIVE_MAX_STREAMS)
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
