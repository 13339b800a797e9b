// The mailer against a real SMTP server: what each recipient's answer becomes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtp, parseMail, type TestSmtp } from '../../test/support/smtp';
import { createMailer, type ReportEmail } from './mailer';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp?.close());
beforeEach(() => smtp.reset());

const email = (to: string[]): ReportEmail => ({
  to,
  subject: '【公开承诺台账】测试',
  text: '正文',
  attachment: { fileName: '报表.xlsx', content: Buffer.from('PK fake workbook') },
});

describe('the mailer', () => {
  it('sends one message to all recipients with the workbook attached', async () => {
    const mailer = createMailer(smtp.url, 'ledger@county.example');
    const results = await mailer.send(email(['a@x.example', 'b@x.example']));
    mailer.close();
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent']);
    expect(smtp.messages).toHaveLength(1);
    const parsed = await parseMail(smtp.messages[0]);
    expect(parsed.subject).toBe('【公开承诺台账】测试');
    expect(parsed.attachments[0]).toMatchObject({ filename: '报表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });

  it('tells a refusal for good (5xx) from one for now (4xx), recipient by recipient', async () => {
    smtp.refuseRecipient('gone@x.example', 550);
    smtp.refuseRecipient('full@x.example', 452);
    const mailer = createMailer(smtp.url, 'ledger@county.example');
    const results = await mailer.send(email(['a@x.example', 'gone@x.example', 'full@x.example']));
    mailer.close();
    expect(results.map((r) => [r.address, r.outcome])).toEqual([
      ['a@x.example', 'sent'],
      ['gone@x.example', 'permanent'],
      ['full@x.example', 'temporary'],
    ]);
    expect(results[1].response).toMatch(/^550/);
    expect(smtp.messages.map((m) => m.to)).toEqual([['a@x.example']]);
  });

  it('counts a refused message and an unreachable server as "try again later"', async () => {
    smtp.refuseMessages(1, 451);
    const mailer = createMailer(smtp.url, 'ledger@county.example');
    expect((await mailer.send(email(['a@x.example'])))[0]).toMatchObject({ outcome: 'temporary', response: expect.stringMatching(/^451/) });
    mailer.close();

    const down = createMailer('smtp://127.0.0.1:1', 'ledger@county.example');
    expect((await down.send(email(['a@x.example'])))[0]).toMatchObject({ outcome: 'temporary', response: expect.stringContaining('ECONNREFUSED') });
    down.close();
    expect(smtp.messages).toHaveLength(0);
  });
});
