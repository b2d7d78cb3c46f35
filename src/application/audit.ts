export interface AuditRecord {
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  requestId: string;
  detail?: Record<string, unknown>;
}

export interface AuditStore {
  record(record: AuditRecord): Promise<void>;
}
