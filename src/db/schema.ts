// Row types of every table. Instants are ISO-8601 UTC strings ('2026-11-29T08:00:00.000Z'), local
// dates 'YYYY-MM-DD', booleans 0/1 and JSON as text, so that both SQLite and PostgreSQL store the same.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string; // JSON array of role names
  customer_id: string | null;
  outlet_id: string | null;
  disabled: number;
  failed_count: number;
  locked_until: string | null;
  /** Team for SLA reports (agents' groups); null = no team. */
  team?: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  kind: 'bearer' | 'cookie';
  csrf_token: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_seen_at: string;
  ip: string | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  user_id: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface LoginFailuresTable {
  id: string;
  username: string;
  ip: string;
  at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  request_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  /** The chain the record was appended to (audit_head.id); 1 unless PostgreSQL spread concurrent appends. */
  chain?: number;
  /** Position in its chain, stored only when it differs from `seq` (NULL: position = seq, chain 1). */
  chain_seq?: number | null;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  route: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface OutboxTable {
  id: string;
  topic: string;
  dedupe_key: string;
  payload_json: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  available_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface OutletsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  city: string | null;
  district: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface CustomersTable {
  id: string;
  number: string;
  name: string;
  phone_enc: string;
  phone_hash: string;
  phone_masked: string;
  address_enc: string | null;
  address_masked: string | null;
  city: string | null;
  district: string | null;
  area_class: string | null;
  lat: number | null;
  lng: number | null;
  group_code: string | null;
  id_number_enc?: string | null;
  id_number_masked?: string | null;
  /** Set when the customer was anonymised on request (PIPL); personal data is refused afterwards. */
  anonymised_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerContactsTable {
  id: string;
  customer_id: string;
  name: string;
  phone_enc: string;
  phone_hash: string;
  phone_masked: string;
  relation: string | null;
  created_at: string;
}

export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  label: string | null;
  address_enc: string;
  address_masked: string;
  city: string | null;
  district: string | null;
  lat: number | null;
  lng: number | null;
  is_default: number;
  created_at: string;
}

export interface ProductModelsTable {
  id: string;
  code: string;
  name: string;
  brand: string | null;
  category: string;
  warranty_json: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface UnitsTable {
  id: string;
  serial: string;
  customer_id: string;
  model_id: string;
  purchased_at: string | null;
  invoice_date: string | null;
  installed_at: string | null;
  address_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CalendarsTable {
  id: string;
  name: string;
  spec_json: string;
  version: number;
  updated_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  name: string;
  subject: string;
  match_json: string;
  clocks_json: string;
  position: number;
  active: number;
  version: number;
  updated_at: string;
}

export interface ServiceRequestsTable {
  id: string;
  number: string;
  customer_id: string;
  unit_id: string | null;
  outlet_id: string | null;
  channel: string;
  type: string;
  /** 'given' by the caller, 'triage' when classified from the description, 'agent' after an override. */
  type_source: string;
  status: string;
  paused: number;
  description: string;
  triage_json: string | null;
  policy_id: string | null;
  received_at: string;
  responded_at: string | null;
  arranged_at: string | null;
  appointment_agreed_at: string | null;
  appointment_at: string | null;
  arrived_at: string | null;
  resolved_at: string | null;
  first_contact: number | null;
  completed_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  reopen_count: number;
  sla_json: string;
  next_due_at: string | null;
  event_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Service address (one of the customer's addresses); null = the default address. */
  address_id?: string | null;
  /** Who to contact when not the customer (e.g. a family member at home). */
  contact_name?: string | null;
  contact_phone_enc?: string | null;
  contact_phone_masked?: string | null;
  /** JSON array of symptom tags. */
  symptoms_json?: string | null;
  /** JSON WarrantyState of the unit on the local date of receipt. */
  warranty_json?: string | null;
}

export interface RequestEventsTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  seq: number;
  type: string;
  at: string;
  recorded_at: string;
  actor_id: string | null;
  actor_name: string;
  source: string;
  data_json: string | null;
}

export interface ComplaintsTable {
  id: string;
  number: string;
  customer_id: string;
  service_request_id: string | null;
  description: string;
  complex: number;
  complex_reason: string | null;
  status: string;
  paused: number;
  received_at: string;
  responded_at: string | null;
  plan_proposed_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  sla_json: string;
  next_due_at: string | null;
  event_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SlaClocksTable {
  subject_kind: string;
  subject_id: string;
  name: string;
  record_type: string;
  channel: string | null;
  outlet_id: string | null;
  started_at: string;
  /** YYYY-MM of the start in the deployment's zone: time-limit metrics count in the period of their start. */
  period: string;
  due_at: string | null;
  warn_at: string | null;
  met_at: string | null;
  status: string;
  target_ms: number;
  used_ms: number;
  calendar: string;
  pausable: number;
  /** Reason code when the record leaves the indicator (e.g. 'withdrawn'). */
  excluded: string | null;
  requirement: string | null;
  warned_at: string | null;
  escalated_at: string | null;
}

export interface AttachmentsTable {
  id: string;
  owner_user_id: string | null;
  customer_id: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: string;
}

export interface CallRecordsTable {
  id: string;
  /** 'asterisk' (Master.csv) or 'generic' (CSV with a header). */
  source: string;
  /** The PBX's id of the call (Asterisk uniqueid), unique per source: re-imports add nothing. */
  external_id: string;
  direction: string;
  caller_enc: string | null;
  caller_hash: string | null;
  caller_masked: string | null;
  customer_id: string | null;
  queue: string | null;
  started_at: string;
  /** Entered the human-agent queue (after the IVR, A-11). */
  queued_at: string | null;
  /** A human agent answered. */
  answered_at: string | null;
  ended_at: string | null;
  agent: string | null;
  disposition: string;
  in_service_hours: number;
  wait_ms: number | null;
  recording_ref: string | null;
  import_id: string | null;
  created_at: string;
}

export interface AgentSessionsTable {
  id: string;
  source: string;
  external_id: string;
  agent: string;
  queue: string | null;
  login_at: string;
  logout_at: string | null;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ChatSessionsTable {
  id: string;
  number: string;
  customer_id: string;
  status: string;
  /** The customer's first message. */
  started_at: string;
  /** First reply by a human agent, and its time on the service-hours clock. */
  first_reply_at: string | null;
  first_reply_ms: number | null;
  first_bot_reply_at: string | null;
  human_requested: number;
  resolved_by_bot: number;
  agent_id: string | null;
  agent_name: string | null;
  closed_at: string | null;
  closed_by: string | null;
  service_request_id: string | null;
  message_count: number;
  last_message_at: string;
  created_at: string;
  updated_at: string;
}

export interface ChatMessagesTable {
  id: string;
  session_id: string;
  seq: number;
  author_kind: string;
  author_id: string | null;
  author_name: string;
  text: string;
  at: string;
}

export interface ChannelSettingsTable {
  id: string;
  value_json: string;
  version: number;
  updated_at: string;
}

export interface TriageModelsTable {
  id: string;
  trained_at: string;
  trained_by: string | null;
  /** Closed requests the stored model was trained on (all of them; the accuracy comes from a time split). */
  sample_count: number;
  /** The most recent closed requests held out to measure `accuracy`. */
  holdout_count: number;
  /** JSON array of the request types the model knows. */
  classes: string;
  tokenizer: string;
  /** Share of held-out requests the triage (safety rules, then this model) typed as their final type. */
  accuracy: number | null;
  /** The same for the safety + keyword rules, on the same held-out requests. */
  baseline_accuracy: number | null;
  metrics_json: string;
  model_json: string;
}

export interface Database {
  attachments: AttachmentsTable;
  calendars: CalendarsTable;
  sla_policies: SlaPoliciesTable;
  service_requests: ServiceRequestsTable;
  request_events: RequestEventsTable;
  complaints: ComplaintsTable;
  sla_clocks: SlaClocksTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  idempotency_keys: IdempotencyKeysTable;
  counters: CountersTable;
  outbox: OutboxTable;
  outlets: OutletsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  customer_addresses: CustomerAddressesTable;
  product_models: ProductModelsTable;
  units: UnitsTable;
  triage_models: TriageModelsTable;
  call_records: CallRecordsTable;
  agent_sessions: AgentSessionsTable;
  chat_sessions: ChatSessionsTable;
  chat_messages: ChatMessagesTable;
  channel_settings: ChannelSettingsTable;
}

export type { Generated };
