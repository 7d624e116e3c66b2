// The verdict's way from the worker to the result, checked at each hop without a worker: the relay rebuilds it
// (limits.ts), the host checks its shape (relay-messages.ts), the run's record decides whether it counts (run-record.ts).
import { expect } from '@open-wc/testing';
import { capOutcome } from '../../worker/limits.ts';
import type { RunOutcome } from '../../worker/protocol.ts';
import { parseRelayMessage } from '../../src/runtime/relay-messages.ts';
import { RunRecord } from '../../src/runtime/run-record.ts';
import type { RunOptions, RunResult } from '../../src/runtime/types.ts';

const finished = (outcome: unknown) => parseRelayMessage({ type: 'finished', workerId: 1, id: 1, outcome });

function settle(options: RunOptions, outcome: RunOutcome, kill?: 'timeout'): RunResult {
  let result: RunResult | undefined;
  const record = new RunRecord(1, options, 1000, (settled) => (result = settled));
  record.killReason = kill;
  record.finish(outcome);
  return result!;
}

describe('an exercise verdict on its way to the result', () => {
  it('is rebuilt by the relay: passed only when exactly true, the message a string, a broken check\'s error marked as the check\'s', () => {
    const capped = capOutcome({ status: 'ok', files: {}, check: { passed: 'yes', message: 5, extra: 1 } } as unknown as RunOutcome);
    expect(capped.check).to.deep.equal({ passed: false, message: '5' });
    const broken = capOutcome({ status: 'ok', files: {}, check: { passed: true, message: 'm', error: { type: 'KeyError', message: 'x', traceback: 't', origin: 'setup' } } } as unknown as RunOutcome);
    expect(broken.check).to.deep.equal({ passed: true, message: 'm', error: { type: 'KeyError', message: 'x', traceback: 't', origin: 'check' } });
    expect(capOutcome({ status: 'ok', files: {} })).not.to.have.property('check');
  });

  it('keeps an error\'s origin only when it is setup or check', () => {
    const error = { type: 'E', message: 'm', traceback: 't' };
    const setup = capOutcome({ status: 'error', files: {}, error: { ...error, origin: 'setup' } });
    expect(setup.status === 'error' && setup.error.origin).to.equal('setup');
    const bogus = capOutcome({ status: 'error', files: {}, error: { ...error, origin: 'elsewhere' } } as unknown as RunOutcome);
    expect(bogus.status === 'error' && bogus.error).not.to.have.property('origin');
  });

  it('is refused by the host when its shape is wrong', () => {
    expect(finished({ status: 'ok', files: {}, check: { passed: true, message: 'ok' } })).not.to.equal(undefined);
    expect(finished({ status: 'ok', files: {}, check: { passed: 'true', message: 'ok' } })).to.equal(undefined);
    expect(finished({ status: 'ok', files: {}, check: { passed: true } })).to.equal(undefined);
    expect(finished({ status: 'error', files: {}, error: { type: 'E', message: 'm', traceback: 't', origin: 'x' } })).to.equal(undefined);
  });

  it('counts only for a run that was not cut short, and a checked run always gets one', () => {
    const verdict = { passed: true, message: 'yes' };
    expect(settle({ check: 'pass' }, { status: 'ok', files: {}, check: verdict }).check).to.deep.equal(verdict);
    expect(settle({ check: 'pass' }, { status: 'ok', files: {}, check: verdict }, 'timeout')).not.to.have.property('check');
    expect(settle({ check: 'pass' }, { status: 'ok', files: {} }).check).to.deep.equal({ passed: false, message: 'The check did not run.' });
    const setupFailed: RunOutcome = { status: 'error', files: {}, error: { type: 'E', message: 'm', traceback: 't', origin: 'setup' } };
    expect(settle({ check: 'pass' }, setupFailed)).not.to.have.property('check');
    expect(settle({}, { status: 'ok', files: {} })).not.to.have.property('check');
  });
});
