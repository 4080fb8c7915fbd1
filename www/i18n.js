// The page's own words (the rules' words come from the engine in both languages).

const STRINGS = {
  title: ['惠民自测', 'Benefit self-check'],
  subtitle: ['看看您家可能符合哪些社会救助和补贴', 'See which assistance and subsidies your household may qualify for'],
  privacy: ['您填写的内容只在本机计算，不会上传，也不会保存（除非您自己选择保存）。', 'Your answers are computed on this device only. Nothing is sent or stored unless you choose to save it.'],
  estimate: ['这是自测估算，不是审批结果；是否符合条件、补助多少，以民政部门审核为准。', 'This is a self-check estimate, not a decision: the civil-affairs office decides eligibility and amounts.'],
  language: ['语言', 'Language'],
  elder: ['长辈模式（大字）', 'Large-text mode'],
  larger: ['更大字号', 'Even larger text'],
  place: ['户籍所在地', 'Place of household registration'],
  province: ['省', 'Province'],
  city: ['市（州）', 'City'],
  county: ['县（区）', 'County or district'],
  choose: ['请选择', 'Choose'],
  start: ['开始自测', 'Start'],
  next: ['下一步', 'Next'],
  back: ['上一步', 'Back'],
  unknown: ['不清楚，跳过', "I don't know, skip"],
  seeResults: ['查看目前结果', 'See results so far'],
  continue: ['继续回答', 'Continue answering'],
  restart: ['重新开始', 'Start again'],
  print: ['打印或保存为PDF', 'Print or save as PDF'],
  save: ['保存我的回答（下载文件）', 'Save my answers (download)'],
  load: ['打开保存的回答', 'Open saved answers'],
  answered: ['已回答 {n} 个问题', '{n} questions answered'],
  remaining: ['可能还有 {n} 个问题', 'up to {n} more questions'],
  about: ['关于：{who}', 'About: {who}'],
  person: ['第 {n} 位：{rel}', 'Person {n}: {rel}'],
  supporter: ['赡养（抚养）人 {n}：{rel}', 'Supporter {n}: {rel}'],
  addMember: ['添加一位家庭成员', 'Add a household member'],
  addSupporter: ['添加一位赡养（抚养）人', 'Add a supporter'],
  remove: ['删除', 'Remove'],
  noneOfThese: ['以上都没有', 'None of these'],
  more: ['更多选项', 'More options'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  noCert: ['没有残疾人证', 'No disability certificate'],
  hasCert: ['有残疾人证', 'Has a disability certificate'],
  kind: ['残疾类别', 'Kind'],
  grade: ['残疾等级', 'Grade'],
  gradeN: ['{n}级', 'grade {n}'],
  notTheCase: ['没有这种情况', 'Not the case'],
  since: ['有，从这天起：', 'Yes, since:'],
  yuan: ['元', 'yuan'],
  perMonth: ['元/月', 'yuan a month'],
  incomeHelp: ['没有的项目留空即可（按0计算）。', 'Leave a kind empty if there is none (counted as 0).'],
  results: ['自测结果', 'Your results'],
  eligible: ['✓ 可能符合条件', '✓ May qualify'],
  ineligible: ['✗ 不符合条件', '✗ Does not qualify'],
  needs_info: ['？ 还需要更多信息', '? More information needed'],
  refer: ['→ 请向民政部门咨询', '→ Ask the civil-affairs office'],
  monthly: ['每月约 {m} 元（每年约 {y} 元）', 'about {m} yuan a month ({y} a year)'],
  why: ['依据和理由', 'Why, and the rules cited'],
  stillNeeded: ['还需要了解：', 'Still needed:'],
  documents: ['需要准备的材料：', 'Documents to bring:'],
  applyAt: ['到哪里申请：', 'Where to apply:'],
  unsourced: ['提示：以下数值没有查到公开发布的依据，结果仅供参考：', 'Note: these values have no published source, so treat the result with care:'],
  whyUnsourced: ['说明（规则编写者注）', "The rule author's note"],
  notQualified: ['不符合条件的项目', 'Programs you do not qualify for'],
  members: ['家庭成员的结果：', 'Results per person:'],
  whatIf: ['如果收入变化', 'What if income changes'],
  whatIfIntro: ['下图是由规则引擎计算的：{who} 的月工资收入变化时，低保金每月金额的变化。', 'Computed by the rules engine: the monthly dibao amount as {who}’s monthly wage changes.'],
  endsAt: ['当 {who} 的月工资达到 {x} 元时，就不再符合低保条件。', 'At a monthly wage of {x} yuan for {who}, the household no longer qualifies for dibao.'],
  chartIncome: ['月工资（元）', 'monthly wage (yuan)'],
  chartAmount: ['低保金（元/月）', 'dibao (yuan a month)'],
  whoseIncome: ['谁的收入：', 'Whose income:'],
  loading: ['正在加载…', 'Loading…'],
  loadFailed: ['加载失败，请刷新页面重试。', 'Loading failed. Please reload the page.'],
  source: ['依据', 'Source'],
  done: ['问题已答完，以下是结果。', 'All questions answered; here are the results.'],
  saved: ['已生成文件，请在下载中查看。', 'The file has been created; see your downloads.'],
  badFile: ['这个文件无法读取。', 'This file cannot be read.'],
  asOf: ['按 {d} 的规定计算', 'Under the rules in force on {d}'],
};

/** Looks up a UI string in the given language, filling `{name}` slots. */
export function t(lang, key, vars = {}) {
  const pair = STRINGS[key];
  let text = pair ? pair[lang === 'en' ? 1 : 0] : key;
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** Picks the language from a `{ zh, en }` text. */
export function pick(lang, text) {
  if (!text) return '';
  return lang === 'en' ? text.en : text.zh;
}
