// `review-holds [--json]`: the records approved around the review rule, one line each, for a
// reviewer to decide again (server/commitments/holds.ts says which).
import { parseArgs } from 'node:util';
import { STATUS_LABELS } from '../../core/status';
import type { Status } from '../../core/types';
import { findReviewHolds, type ReviewHold } from '../commitments/holds';
import { withDatabase, type CliCommand } from './command';

const NEEDS: Record<ReviewHold['reviewBy'], string> = { branch: '本党组织或上级', above: '上级党组织', committee: '上级党委' };

export const reviewHolds: CliCommand = {
  usage: 'review-holds [--json]',
  async run(args) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    const holds = await withDatabase(({ db }) => findReviewHolds(db));
    if (values.json) {
      console.log(JSON.stringify(holds, null, 2));
      return;
    }
    console.log(`${holds.length} 条承诺未经规定的审核人审核即已通过，请审核人重新审核 / ${holds.length} commitments were approved by someone other than the reviewer the rule names`);
    for (const h of holds) {
      const status = STATUS_LABELS[h.status as Status]?.zh ?? h.status;
      console.log(`  #${h.id}  ${h.year}  ${h.orgName}  ${h.subjectName}  ${status}  应由${NEEDS[h.reviewBy]}审核，实由 ${h.approvedBy.login}`);
    }
  },
};
