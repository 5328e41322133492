// Delivery to real HTTP servers on 127.0.0.1 and a real command: signed webhook, Slack body,
// a receiver that fails (500: retried, then reported), one that hangs (the deadline ends it), and a
// command sink that reads the payload on stdin. No sleep: each test awaits the delivery itself.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPayload, slackBody } from '../../src/notify/payload.js';
import { deliver, signature, SIGNATURE_HEADER, type DeliveryPolicy } from '../../src/notify/sinks.js';
import { cloudFinding, hostileFinding, reportWith } from '../report/fixtures.js';
import { startReceiver, type Receiver } from './receivers.js';

const policy: DeliveryPolicy = { attempts: 3, timeoutMs: 2000, backoffMs: 1, maxBackoffMs: 5 };
const payload = buildPayload(
  'changes',
  reportWith([hostileFinding, cloudFinding]),
  [hostileFinding, cloudFinding],
  'high',
);
let receivers: Receiver[] = [];
const receiver = async (behaviour: 'ok' | 'fail' | 'hang') => {
  const started = await startReceiver(behaviour);
  receivers.push(started);
  return started;
};
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

describe('notification sinks', () => {
  it('webhook: one POST of the JSON payload, signed with HMAC-SHA256 of the exact body from the env var', async () => {
    const hook = await receiver('ok');
    const outcome = await deliver({ kind: 'webhook', url: hook.url, secretEnv: 'HOOK_SECRET' }, payload, policy, {
      HOOK_SECRET: 's3cret',
    });
    expect(outcome).toMatchObject({ ok: true, attempts: 1 });
    expect(outcome.sink).toBe(`webhook http://${new URL(hook.url).host}`);
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request!.headers[SIGNATURE_HEADER]).toBe(signature('s3cret', request!.body));
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body) as typeof payload;
    expect(body.kind).toBe('changes');
    expect(body.findings.map((finding) => finding.id)).toEqual([hostileFinding.id, cloudFinding.id]);
  });

  it('metadata only: no evidence, message or scan target leaves in a notification', async () => {
    const hook = await receiver('ok');
    await deliver({ kind: 'webhook', url: hook.url }, payload, policy, {});
    const body = hook.requests[0]!.body;
    expect(body).not.toContain('clusterName');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain(hostileFinding.message);
    expect(body).not.toContain('"targets"');
    expect(hook.requests[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('a missing secret is a failed delivery, never an unsigned one', async () => {
    const hook = await receiver('ok');
    const outcome = await deliver(
      { kind: 'webhook', url: hook.url, secretEnv: 'NOT_SET_ANYWHERE' },
      payload,
      { ...policy, attempts: 1 },
      {},
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/NOT_SET_ANYWHERE/);
    expect(hook.requests).toHaveLength(0);
  });

  it('a receiver answering 500 is tried `attempts` times, then reported with its status', async () => {
    const hook = await receiver('fail');
    const outcome = await deliver({ kind: 'webhook', url: hook.url }, payload, policy, {});
    expect(outcome).toMatchObject({ ok: false, attempts: 3, error: 'HTTP 500' });
    expect(hook.requests).toHaveLength(3);
  });

  it('a receiver that never answers is ended by the deadline of each attempt', async () => {
    const hook = await receiver('hang');
    const outcome = await deliver(
      { kind: 'slack', url: hook.url },
      payload,
      { ...policy, attempts: 2, timeoutMs: 300 },
      {},
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 2, error: 'no answer within 300 ms' });
    expect(hook.requests).toHaveLength(2);
  });

  it('a refused connection is a failure, not an exception', async () => {
    const hook = await receiver('ok');
    const url = hook.url;
    await hook.close();
    receivers = [];
    const outcome = await deliver({ kind: 'webhook', url }, payload, { ...policy, attempts: 2 }, {});
    expect(outcome).toMatchObject({ ok: false, attempts: 2, error: 'ECONNREFUSED' });
  });

  it('slack: a `text` body, server text escaped for mrkdwn (no link or mention can be made)', async () => {
    const hook = await receiver('ok');
    const hostile = { ...cloudFinding, title: 'Open <http://evil.example|click> <!channel> & \u001b[31m' };
    const body = slackBody(buildPayload('changes', reportWith([hostile]), [hostile], 'high'));
    expect(body.text).not.toMatch(/[<>\u001b]/);
    expect(body.text).toContain('&lt;http://evil.example|click&gt; &lt;!channel&gt; &amp;');
    expect(await deliver({ kind: 'slack', url: hook.url }, payload, policy, {})).toMatchObject({ ok: true });
    expect(Object.keys(JSON.parse(hook.requests[0]!.body) as object)).toEqual(['text']);
  });

  it('command: the payload on stdin; a non-zero exit is a failure; a command that never exits is killed at the deadline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exposcan-notify-'));
    const file = join(dir, 'got.json');
    expect(
      await deliver({ kind: 'command', argv: ['sh', '-c', `cat > '${file}'`] }, payload, policy, {}),
    ).toMatchObject({ ok: true, attempts: 1 });
    expect((JSON.parse(readFileSync(file, 'utf8')) as typeof payload).findings).toHaveLength(2);
    expect(
      await deliver({ kind: 'command', argv: ['sh', '-c', 'exit 3'] }, payload, { ...policy, attempts: 2 }, {}),
    ).toMatchObject({ ok: false, attempts: 2, error: 'exited 3' });
    expect(
      await deliver(
        { kind: 'command', argv: ['sleep', '60'] },
        payload,
        { ...policy, attempts: 1, timeoutMs: 300 },
        {},
      ),
    ).toMatchObject({ ok: false, error: 'no exit within 300 ms' });
    expect(
      await deliver({ kind: 'command', argv: [join(dir, 'missing')] }, payload, { ...policy, attempts: 1 }, {}),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/ENOENT/) });
  });
});
