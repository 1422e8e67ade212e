/** Time source injected into every use case, so tests control time and the domain stays pure. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
