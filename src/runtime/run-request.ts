import type { RunRequest } from '../../worker/protocol.ts';
import type { RunOptions } from './types.ts';
import { checkCode, checkFiles, checkSource, checkStdin } from './validate.ts';

/**
 * The message that asks an interpreter to run `code`, from `pool.run()`'s arguments, each checked (a bad one throws
 * a TypeError or RangeError naming it). `sessionSetups` are the setups of the session the run belongs to, if any.
 */
export function runRequest(id: number, code: string, options: RunOptions, outputLimit: number, session: string | undefined,
  sessionSetups: readonly string[] | undefined): RunRequest {
  return {
    id,
    code: checkCode(code),
    files: checkFiles(options.files),
    stdin: checkStdin(options.stdin),
    interactive: typeof options.onInput === 'function',
    outputLimit,
    session: session !== undefined,
    ...exerciseRequest(options, sessionSetups),
  };
}

/** The request's setup and check fields, present only when given, so a run without them costs nothing more. */
function exerciseRequest(options: RunOptions, sessionSetups: readonly string[] | undefined): Partial<RunRequest> {
  const setup = checkSource('setup', options.setup);
  const check = checkSource('check', options.check);
  return {
    ...(setup ? { setup } : {}),
    ...(check ? { check } : {}),
    ...(sessionSetups?.length ? { sessionSetups: [...sessionSetups] } : {}),
  };
}
