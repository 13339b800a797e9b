// Holiday notices the `chinese-days` package does not carry yet (core/workdays.ts uses the
// package for every year it covers). Per calendar year: `off` the holiday days, `on` the weekend
// days made working days (调休), as MMDD or MMDD-MMDD ranges.
//
// 2027 is provisional: its notice is not out yet, so it holds only the statutory days (除夕 to
// 初三, 元旦, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3) and no adjusted weekends. Once the package has
// the notice, its dates win and this entry can go.
export const PROVISIONAL_NOTICES: Record<number, { off: string; on: string }> = {
  2027: { off: '0101 0205-0208 0405 0501-0502 0609 0915 1001-1003', on: '' },
};
