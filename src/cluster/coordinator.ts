/**
 * Cluster mode's port: the scheduler asks a coordinator before it starts a planned run, and only the
 * instance whose claim wins runs it. Without a coordinator every run is local.
 */
export interface Coordinator {
  /**
   * Claims planned run `scheduledAt` (ms) of task `key`. Resolves `true` for exactly one instance per
   * planned run; rejects when the store cannot be reached (the run is then not started).
   */
  claim(key: string, scheduledAt: number): Promise<boolean>;
  /** Releases resources (subscriptions); the client passed in stays the caller's. */
  close(): Promise<void>;
}
