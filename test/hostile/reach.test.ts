// Attacks on the page's origin (test/hostile/attacks.ts), run twice in one page (one file, so that no other test page
// shares its cookies and storage meanwhile):
// - against the product, interpreters in the opaque-origin frame: every attack fails and the page is intact
//   afterwards (its secrets unread and in place, the next run works, the main thread kept ticking);
// - against workers on the page's own origin, the design the frame replaces: the same checks catch each attack such
//   a worker cannot stop, which proves that they can fail.
import { expect } from '@open-wc/testing';
import { createDirectEndpoint } from '../direct-endpoint.ts';
import { reachAttacks } from './attacks.ts';
import { type Secrets, plantSecrets, secretsIntact } from './page.ts';
import { attempt } from './verdict.ts';
import { usePool } from '../use-pool.ts';

describe('hostile code cannot reach the page (isolation frame)', () => {
  const pool = usePool();
  let secrets: Secrets;
  beforeEach(async () => {
    secrets = await plantSecrets();
  });

  for (const attack of reachAttacks) {
    it(`contains ${attack.name}`, async () => {
      const { result, breaches, mainThread } = await attempt(pool, attack, secrets);
      expect(breaches, `${result.status}: ${result.stdout}${result.error?.message ?? ''}`).to.deep.equal([]);
      const expected = attack.inFrame;
      expect(result.status, 'how it ends in the frame').to.equal(expected.status);
      if (expected.status === 'ok') {
        if (typeof expected.stdout === 'string') expect(result.stdout).to.equal(expected.stdout);
        else expect(result.stdout).to.match(expected.stdout);
      } else {
        expect(result.error?.type).to.equal('InterpreterCrash');
        expect(result.error?.message).to.match(expected.error);
      }
      expect(mainThread.ticks, 'the page kept ticking').to.be.above(0);
      expect((await pool.run('print("next")')).stdout).to.equal('next\n');
    });
  }
});

describe('the same attacks get through a worker on the page origin (control)', () => {
  const pool = usePool({ createEndpoint: createDirectEndpoint });
  let secrets: Secrets;
  beforeEach(async () => {
    secrets = await plantSecrets();
  });

  for (const attack of reachAttacks.filter((each) => each.breachesSameOrigin)) {
    it(`is breached by ${attack.name}`, async () => {
      const { breaches } = await attempt(pool, attack, secrets);
      expect(breaches).to.not.deep.equal([]);
    });
  }

  it('leaves the page intact when nothing attacks (the checks do not cry wolf)', async () => {
    await pool.run('print("harmless")');
    expect(Object.values(await secretsIntact(secrets))).to.deep.equal([true, true, true, true]);
  });
});
