import type { WarrantyStatusName } from '../../shared/types';

/** Shapes of the service-request API (the server computes clocks, status, triage; the web only shows them). */

export type {
  Channel,
  RequestStatus,
  RequestType,
} from '../../../../src/domain/requests/request-lifecycle';
// The enumerations come from the domain module the server uses, so the two never drift apart.
export {
  CHANNELS,
  REQUEST_STATUSES,
  REQUEST_TYPES,
} from '../../../../src/domain/requests/request-lifecycle';

import type { Channel, RequestStatus, RequestType } from '../../../../src/domain/requests/request-lifecycle';

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export interface SlaClock {
  dueAt: string | null;
  metAt: string | null;
  status: ClockStatus;
  warnAt: string | null;
  remainingMs?: number;
  targetMs: number;
  calendar: string;
  pausable: boolean;
  excluded?: string;
}

export interface TriageReason {
  rule?: string;
  matched?: string;
  [k: string]: unknown;
}

export interface Triage {
  type: RequestType;
  method: string;
  confidence: number;
  reasons: TriageReason[];
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface ServiceRequest {
  id: string;
  number: string;
  customerId: string;
  unitId: string | null;
  outletId: string | null;
  channel: Channel;
  type: RequestType;
  typeSource: string;
  status: RequestStatus;
  paused: boolean;
  description: string;
  triage: Triage | null;
  receivedAt: string;
  respondedAt: string | null;
  arrangedAt: string | null;
  appointmentAgreedAt: string | null;
  appointmentAt: string | null;
  arrivedAt: string | null;
  resolvedAt: string | null;
  firstContact: boolean | null;
  completedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  reopenCount: number;
  sla: Record<string, SlaClock>;
  attachments?: Attachment[];
  /** Event types the server accepts next (when the server sends them). */
  allowedEvents?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CreatedServiceRequest extends ServiceRequest {
  possibleDuplicates?: { id: string; number: string; status: RequestStatus }[];
}

export interface RequestEvent {
  seq: number;
  type: string;
  at: string;
  recordedAt?: string;
  actor: string | null;
  source: string | null;
  data: Record<string, unknown> | null;
}

export interface CallerMatch {
  customer: { id: string; number: string; name: string; phone: string; address?: string | null };
  units: {
    id: string;
    serial: string;
    model: { code: string; name: string; category: string };
    warranty: { status: WarrantyStatusName };
  }[];
  openRequests: {
    id: string;
    number: string;
    type: RequestType;
    status: RequestStatus;
    receivedAt: string;
  }[];
}
