// Numbered rows of the batch API (POST /commitments/batch) for large batches, in the shape of a
// real ledger: members' pledges over the three categories and twelve month-end deadlines.
export function memberPledge(key: string, i: number, members: number) {
  return {
    key,
    year: 2011,
    subjectName: `党员${i % members}`,
    subjectType: '党员',
    category: ['共性承诺', '岗位承诺', '实事承诺'][i % 3],
    content: `第 ${i} 条承诺：带头学习党章党规，按时参加组织生活，为群众办好一件实事`,
    measures: '每月自查，按季度向支部汇报',
    deadline: `2011年${(i % 12) + 1}月底`,
    status: '进行中',
  };
}
