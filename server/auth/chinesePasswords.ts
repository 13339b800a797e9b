// Passwords people here choose and guessers try first, which the English and common lists of
// zxcvbn-ts do not know: pinyin words and names, number puns (520 = 我爱你, 1314 = 一生一世),
// and the words of this very practice (党员, 支部, 承诺, 台账). No Chinese dictionary package for
// zxcvbn-ts exists on the npm registry, so the most common ones are listed here, most common first.
export const PINYIN_WORDS = [
  'woaini', 'woaini1314', '5201314', '1314520', '520520', '1314', '520', 'aini', 'woaiwojia', 'nihao', 'mima', 'mimamima',
  'zhongguo', 'zhonghua', 'beijing', 'shanghai', 'guangzhou', 'shenzhen', 'wuhan', 'hubei', 'henan', 'hebei', 'shandong',
  'dangyuan', 'gongchandang', 'dangwei', 'dangzhibu', 'zhibu', 'zongzhi', 'dangzongzhi', 'dangzuzhi', 'dangjian', 'dangzheng',
  'chengnuo', 'gongkaichengnuo', 'taizhang', 'zuzhibu', 'xianwei', 'shuji', 'zhibushuji', 'weirenminfuwu', 'renmin', 'qunzhong',
  'xuexi', 'laoshi', 'xuesheng', 'yisheng', 'jiaoyu', 'weisheng', 'jiguan', 'guanliyuan', 'shenhe', 'ganbu', 'lingdao',
  'baobao', 'laogong', 'laopo', 'xiaobao', 'tiantian', 'kuaile', 'xingfu', 'pingan', 'fuqi', 'aiguo', 'zuguo',
  'zhang', 'wang', 'li', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo',
  'he', 'gao', 'lin', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng', 'zeng', 'xiao',
  'zhangwei', 'wangwei', 'wangfang', 'liwei', 'wangxiuying', 'lixiuying', 'lina', 'zhangxiuying', 'liuwei', 'zhangmin',
  'lijing', 'zhangli', 'wangjing', 'wangli', 'zhangjing', 'liqiang', 'wangqiang', 'lijun', 'zhangyong', 'wangyong',
  'qwe123', 'a123456', 'abc123456', 'woshishui', 'wodemima', 'qq123456', 'zxc123', 'aa123456', 'dragon', 'long',
];
