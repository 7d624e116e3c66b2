import { SandboxPool } from '../src/runtime/pool.ts';
import type { PoolOptions } from '../src/runtime/types.ts';

/**
 * A pool for the enclosing `describe`: made and ready before its tests, disposed after them. Returns a stand-in that
 * forwards to the current pool, so tests write `pool.run(…)` as with the pool itself.
 */
export function usePool(options?: PoolOptions | (() => PoolOptions), prepare?: () => Promise<void>): SandboxPool {
  let current: SandboxPool | undefined;
  before(async () => {
    await prepare?.();
    current = new SandboxPool(typeof options === 'function' ? options() : options);
    await current.ready;
  });
  after(() => current?.dispose());
  return new Proxy({} as SandboxPool, {
    get(_target, key) {
      if (!current) throw new Error('usePool: the pool exists only inside the tests of its describe');
      const value = Reflect.get(current, key, current) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}
