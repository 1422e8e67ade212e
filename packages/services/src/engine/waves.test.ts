import { describe, expect, it } from 'vitest';
import { settleInWaves } from './waves';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

async function collect<T>(waves: AsyncGenerator<T[]>): Promise<T[][]> {
  const seen: T[][] = [];
  for await (const wave of waves) seen.push(wave);
  return seen;
}

describe('settleInWaves', () => {
  it('yields everything in one wave, in input order, when all settle within the window', async () => {
    expect(await collect(settleInWaves([after(30, 'b'), Promise.resolve('a'), after(10, 'c')], 500))).toEqual([
      ['b', 'a', 'c'],
    ]);
  });

  it('lets the fast ones go when the window passes and a slow one is still out', async () => {
    const waves = await collect(settleInWaves([after(5, 'fast'), Promise.resolve('skip'), after(1_000, 'slow')], 50));
    expect(waves).toEqual([['fast', 'skip'], ['slow']]);
  });

  it('yields nothing for no promises', async () => {
    expect(await collect(settleInWaves([], 100))).toEqual([]);
  });

  it('rethrows a rejection after the waves already yielded', async () => {
    const waves: string[][] = [];
    const run = async () => {
      for await (const wave of settleInWaves(
        [Promise.resolve('a'), after(200, 'b').then(() => Promise.reject(new Error('dispatcher broke')))],
        50,
      )) {
        waves.push(wave);
      }
    };
    await expect(run()).rejects.toThrow('dispatcher broke');
    expect(waves).toEqual([['a']]);
  });
});
