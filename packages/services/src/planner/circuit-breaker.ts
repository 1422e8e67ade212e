/**
 * Stops calling a provider that keeps failing: after `threshold` consecutive failures the
 * circuit opens for `coolDownMs`; then one session is let through (half-open), and its
 * success closes the circuit again. In memory, per worker process: each worker protects itself.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntilMs = 0;

  constructor(
    private readonly threshold = 5,
    private readonly coolDownMs = 5 * 60_000,
  ) {}

  /** Null when a call may go ahead; otherwise when the circuit closes again. */
  blockedUntil(nowMs: number): Date | null {
    return this.openUntilMs > nowMs ? new Date(this.openUntilMs) : null;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openUntilMs = 0;
  }

  recordFailure(nowMs: number): void {
    this.failures += 1;
    if (this.failures >= this.threshold) this.openUntilMs = nowMs + this.coolDownMs;
  }
}
