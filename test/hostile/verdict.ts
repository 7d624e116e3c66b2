import { aTimeout } from '@open-wc/testing';
import type { SandboxPool } from '../../src/runtime/pool.ts';
import type { RunResult } from '../../src/runtime/types.ts';
import type { ReachAttack } from './attacks.ts';
import { watchMainThread } from '../main-thread.ts';
import { type Secrets, leaks, listenForMessages, secretsIntact, seenByServer } from './page.ts';

export interface Verdict {
  result: RunResult;
  /** Everything either side saw get through; empty when the attack was contained. */
  breaches: string[];
  mainThread: { ticks: number; longestGapMs: number };
}

/** Runs `attack` on `pool` and looks for its effects from both sides: the program's own report and the page's. */
export async function attempt(pool: SandboxPool, attack: ReachAttack, secrets: Secrets): Promise<Verdict> {
  const probe = `${attack.name.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
  const code = attack.code.replaceAll('ORIGIN', location.origin).replaceAll('PROBE', probe);
  const messages = listenForMessages('hostile-bc');
  const watch = watchMainThread();
  const result = await pool.run(code, { timeout: 15000 });
  await aTimeout(150); // a broadcast or a late request still on its way
  const mainThread = watch.stop();
  const heard = messages.stop();

  const breaches: string[] = [];
  const reported = result.stdout.split('\n').filter((line) => line.startsWith('BREACH'));
  if (reported.length) breaches.push(`the program reports: ${reported.join(' | ').slice(0, 300)}`);
  const everything = [result.stdout, result.stderr, result.result ?? '', result.error?.traceback ?? ''].join('\n');
  if (leaks(everything, secrets)) breaches.push('a secret of the page appeared in the run\'s output');
  const requests = await seenByServer(probe);
  if (requests.length) {
    const withCookie = requests.filter((cookie) => cookie?.includes(secrets.httpOnlyCookie)).length;
    breaches.push(`the page's server got ${requests.length} request(s), ${withCookie} with the HttpOnly cookie`);
  }
  for (const [secret, intact] of Object.entries(await secretsIntact(secrets))) {
    if (!intact) breaches.push(`the page's ${secret} was changed or removed`);
  }
  if (await caches.delete('hostile-cache')) breaches.push("a cache was written in the page's Cache Storage");
  const opfs = await navigator.storage.getDirectory();
  if (await opfs.removeEntry('hostile.txt').then(() => true, () => false)) breaches.push("a file was written in the page's OPFS");
  if (heard.length) breaches.push(`the page heard ${JSON.stringify(heard)}`);
  return { result, breaches, mainThread };
}
