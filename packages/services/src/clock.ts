/** Time source injected into every use case, so tests control time and the domain stays pure. */
export interface Clock {
  now(): Date;
  /**
   * Resolves once `now()` has reached `instant`, never before (at once when it already has).
   * The engine holds occurrences claimed early on it until their planned instant.
   */
  waitUntil(instant: Date): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  async waitUntil(instant) {
    // A timer may fire a millisecond early against Date.now(); wait again rather than fire early.
    for (
      let remainingMs = instant.getTime() - Date.now();
      remainingMs > 0;
      remainingMs = instant.getTime() - Date.now()
    )
      await new Promise((resolve) => setTimeout(resolve, remainingMs));
  },
};
