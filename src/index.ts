export { SandboxPool } from './runtime/pool.ts';
export type { PoolStats } from './runtime/pool-state.ts';
export { SandboxSession } from './runtime/session.ts';
export { leasePool, type PoolLease } from './runtime/shared-pools.ts';
export { configure, type GlobalConfig } from './runtime/config.ts';
export type { Endpoint } from './runtime/endpoint.ts';
export type {
  CheckVerdict, DisplayOutput, PoolOptions, ReplayProgress, RunOptions, RunResult, RunStatus, PythonError, SessionOptions, Stream,
} from './runtime/types.ts';
export { PythonSandbox } from './python-sandbox/python-sandbox.ts';
export { upgradeCodeBlocks, type UpgradeHandle, type UpgradeOptions } from './upgrade/upgrade-code-blocks.ts';
export * from './events/index.ts';
