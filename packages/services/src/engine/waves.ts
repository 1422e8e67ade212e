/**
 * Yields settled values in waves: everything that has settled when all of them have, or when
 * `windowMs` has passed since the previous wave (real time), whichever comes first. A batch's
 * dispatches are committed wave by wave, so one slow target does not hold the runs and next
 * occurrences of the fast ones behind its timeout. Values keep their input order within a wave.
 * A rejection ends the iteration with that error, after the waves before it.
 */
export async function* settleInWaves<T>(promises: readonly Promise<T>[], windowMs: number): AsyncGenerator<T[]> {
  const settled: Array<{ index: number; value: T }> = [];
  let failure: { error: unknown } | null = null;
  let pending = promises.length;
  let wake: (() => void) | null = null;
  const allSettled = new Promise<void>((resolve) => {
    if (pending === 0) resolve();
    promises.forEach((promise, index) => {
      promise
        .then(
          (value) => settled.push({ index, value }),
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => {
          pending -= 1;
          if (pending === 0) resolve();
          if (failure) wake?.();
        });
    });
  });

  while (pending > 0 || settled.length > 0) {
    if (pending > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        allSettled,
        new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, windowMs);
        }),
      ]);
      clearTimeout(timer);
      wake = null;
    }
    if (failure) throw (failure as { error: unknown }).error;
    if (settled.length === 0) continue;
    yield settled
      .splice(0)
      .sort((a, b) => a.index - b.index)
      .map((entry) => entry.value);
  }
}
