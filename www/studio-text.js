// The rule studio's own words in zh-CN and English (the rules' words come from the engine in
// both languages), and how units read.

const STRINGS = {
  title: ['规则工作室', 'Rule studio'],
  intro: ['为民政部门更新当地标准：查看每项标准的历史和依据，按步骤记录新标准及其来源，检查规则自带的测试案例，测算影响，然后下载修改后的规则文件和签名规则包。全部在本机完成。', 'For civil-affairs offices updating local standards: see each figure’s history and source, record a new figure with its source step by step, check the rules’ own test cases, estimate the impact, then download the changed rule files and a signed bundle. Everything runs on this device.'],
  language: ['语言', 'Language'],
  steps: ['步骤', 'Steps'],
  step1: ['1 打开规则', '1 Open rules'],
  step2: ['2 查看地区', '2 Review a place'],
  step3: ['3 记录新标准', '3 Record a figure'],
  step4: ['4 测算影响', '4 Impact'],
  step5: ['5 发布', '5 Publish'],
  openTitle: ['1 打开规则', '1 Open the rules'],
  openBuiltin: ['打开内置规则', 'Open the built-in rules'],
  openFolder: ['选择规则文件夹（rules）', 'Choose a rules folder'],
  openBundle: ['打开规则包（.json）', 'Open a rule bundle (.json)'],
  openHint: ['文件夹即代码库中的 rules 目录：每个地区一个以 6 位区划代码命名的子目录。', 'The folder is the repository’s rules directory: one sub-directory per place, named by its six-digit code.'],
  opened: ['已打开：{what}，{n} 个文件', 'Open: {what}, {n} files'],
  builtin: ['内置规则', 'the built-in rules'],
  folder: ['文件夹 {name}', 'folder {name}'],
  bundleFile: ['规则包 {name}', 'bundle {name}'],
  noToml: ['所选文件夹中没有规则文件（*.toml）。', 'The chosen folder holds no rule files (*.toml).'],
  loading: ['正在加载…', 'Loading…'],
  checking: ['正在检查规则和案例…', 'Checking the rules and cases…'],
  asOf: ['查看日期', 'As of'],
  asOfHint: ['标准在此日期之后未收录的，标为“可能已过时”。', 'Figures not on file past this date are marked “may be out of date”.'],
  loadErrors: ['这些规则文件有错误，无法使用：', 'These rule files have errors and cannot be used:'],
  summary: ['{places} 个地区 · 案例 {pass}/{cases} 通过 · {lint} 条检查提示', '{places} places · {pass}/{cases} cases pass · {lint} lint notes'],
  placeTitle: ['2 查看地区', '2 Review a place'],
  place: ['地区', 'Place'],
  packs: ['规则层级：', 'Rules layered:'],
  files: ['本地规则文件：', 'Own rule files:'],
  staleCount: ['{n} 项标准可能已过时', '{n} figures may be out of date'],
  ownParams: ['本地标准和参数（{n}）', 'Local figures and parameters ({n})'],
  inherited: ['沿用上级规定的参数（{n}）', 'Parameters from outer rules ({n})'],
  noValue: ['未设定数值', 'no value set'],
  from: ['{d} 起', 'from {d}'],
  until: ['至 {d}', 'until {d}'],
  inForce: ['现行', 'in force'],
  stale: ['可能已过时', 'may be out of date'],
  staleNote: ['此数值只知道有效至 {d}；之后的标准未收录，结果按“{later}”处理。', 'Known in force only until {d}; later figures are not on file, so results treat it as “{later}”.'],
  later_at_least: ['至少为此数', 'at least this'],
  later_unknown: ['未知', 'unknown'],
  later_unchanged: ['不变', 'unchanged'],
  knownUntil: ['已知有效至 {d}', 'known until {d}'],
  assumed: ['起始日期为推定：{why}', 'Start date assumed: {why}'],
  sourceLine: ['依据：{title}', 'Source: {title}'],
  article: ['条款：{a}', 'Article: {a}'],
  unsourcedValue: ['无公开来源：{why}', 'No published source: {why}'],
  recordThis: ['为此参数记录新数值', 'Record a new value for this'],
  tableRow: ['这是表格的一行。表格的每个版本必须列出所有行：记录这一行的新数值，会从生效日期起新增整张表格的一个版本，其他各行沿用当日的数值和各自的依据。', 'A row of a table. Every version of a table gives every row: a new value for this row adds a new version of the whole table from its effective date, the other rows repeated with their figures of that day and their own sources.'],
  recordRow: ['为这一行记录新数值（新增整张表格的版本）', 'Record a new value for this row (a new version of the whole table)'],
  noOwnParams: ['此地还没有自己的标准：全部沿用上级规定。', 'No figures of its own yet: everything comes from the outer rules.'],
  outerCases: ['上级规则的测试案例（{pass}/{n} 通过）', 'Test cases of the outer rules ({pass}/{n} pass)'],
  outerCasesHint: ['这些案例属于本地沿用的上级规则（全国、省、市），按其自身地区计算。', 'These cases belong to the outer rules this place inherits (national, provincial, prefectural), assessed for their own places.'],
  npTitle: ['新增地区（从模板开始）', 'Add a place (from the template)'],
  npIntro: ['为还没有本地规则的县（市、区）、市或省建立规则：先沿用适用于它的全国和省级规则，再按步骤逐项填写本地标准及其依据。结果是代码库中的 rules/<代码>/pack.toml。', 'Start the rules of a county, prefecture or province that has none: it first inherits the national and provincial rules that apply to it, then you fill in its own standards with their sources step by step. The result is rules/<code>/pack.toml in the repository.'],
  npCode: ['区划代码或名称', 'Division code or name'],
  npCodeHint: ['6 位 GB/T 2260 代码，例如 130102；也可输入名称从列表中选择。', 'The six-digit GB/T 2260 code, such as 130102; or type a name and choose from the list.'],
  npFound: ['{code}：{name}', '{code}: {name}'],
  npNotListed: ['{code} 不在区划代码表中。', '{code} is not on the list of division codes.'],
  npName: ['地区名称（中文全称）', 'Name of the place (in Chinese, in full)'],
  npNameEn: ['英文名称（可不填，默认与中文相同）', 'English name (optional; default: the Chinese name)'],
  npSubmit: ['建立本地规则', 'Start its rules'],
  npRefused: ['未建立：请修改标出的项。', 'Not started: correct the marked fields.'],
  np_bad_region: ['请填写区划代码表中的 6 位代码（不能是全国 000000）。', 'Enter a six-digit code on the list of divisions (not the national 000000).'],
  np_duplicate: ['这个地区已有本地规则：请在上方的地区列表中选择它。', 'This place already has rules: choose it in the list of places above.'],
  np_missing_key: ['请填写地区名称。', 'Enter the place’s name.'],
  np_bad_value: ['名称只能写一行，最多 100 个字。', 'A name is one line of at most 100 characters.'],
  npAdded: ['已建立 {path}。下面列出此地尚无本地数值的标准：逐项记录本地数值和依据。', '{path} started. Below are the standards it has no figure of its own for: record each with its source.'],
  templateTitle: ['{place}：待填写的本地标准（{n}）', '{place}: standards to fill in ({n})'],
  templateIntro: ['这些数值目前沿用上级规定，或上级也没有数值。按本地文件逐项记录；不适用的可以不填。', 'These come from the outer rules for now, or have no value at all. Record each from the local document; leave those that do not apply.'],
  templateNone: ['没有数值', 'no value'],
  templateUnsourced: ['沿用 {v}（无公开来源）', 'inherits {v} (no published source)'],
  templateRecord: ['记录', 'Record'],
  unsourcedTitle: ['没有公开来源的数值（{n}）', 'Values without a published source ({n})'],
  casesTitle: ['本地规则自带的测试案例（{pass}/{n} 通过）', 'Test cases of this place’s rules ({pass}/{n} pass)'],
  casePass: ['通过', 'pass'],
  caseFail: ['未通过', 'FAIL'],
  noCases: ['此地规则没有测试案例。', 'This place’s rules carry no test cases.'],
  coverageTitle: ['覆盖情况和检查提示', 'Coverage and lint notes'],
  lintNone: ['没有检查提示。', 'No lint notes.'],
  recordTitle: ['3 记录新标准', '3 Record a new figure'],
  recordIntro: ['按文件上的规定填写。检查通过后，新数值写入相应的规则文件，所有测试案例和检查立即重新运行。', 'Fill this in as the document states it. Once it passes the checks, the value is written into the right rule file and every case and check runs again.'],
  stepParam: ['第一步：哪项标准', 'Step 1: which figure'],
  parameter: ['参数', 'Parameter'],
  choose: ['请选择', 'Choose'],
  current: ['目前：{v}（{d} 起）', 'Now: {v} (from {d})'],
  unitIs: ['本参数的单位：{u}', 'This parameter’s unit: {u}'],
  stepValue: ['第二步：新数值', 'Step 2: the new figure'],
  value: ['新数值', 'New value'],
  unit: ['单位（按文件上的写法）', 'Unit (as the document states it)'],
  effective: ['生效日期', 'Effective from'],
  knownUntilField: ['已知有效至（可不填，默认为文件日期）', 'Known in force until (optional; default: the document’s date)'],
  assumedField: ['起始日期是推定的？说明理由（可不填）', 'Start date assumed? Say why (optional)'],
  stepSource: ['第三步：依据', 'Step 3: the source'],
  sourceLabel: ['依据', 'Source'],
  sourceNew: ['新的文件', 'A new document'],
  sourceExisting: ['已收录的文件', 'A document already on file'],
  sourceChoose: ['文件', 'Document'],
  titleField: ['文件标题', 'Title'],
  publisher: ['发布机关', 'Publisher'],
  docNumber: ['文号（可不填）', 'Document number 文号 (optional)'],
  sourceDate: ['发布日期', 'Date published'],
  articleField: ['条款或段落', 'Article or paragraph'],
  url: ['网址（可不填）', 'Web address (optional)'],
  submit: ['检查并记录', 'Check and record'],
  undo: ['撤销上一次记录', 'Undo the last change'],
  undone: ['已撤销上一次记录。', 'The last change was undone.'],
  refused: ['未记录：请修改标出的 {n} 处。', 'Not recorded: correct the {n} marked fields.'],
  recorded: ['已记录，写入 {files}。', 'Recorded in {files}.'],
  warning: ['请核对：', 'Please check:'],
  caseChanges: ['测试案例结果的变化（{n}）', 'Changes in test case results ({n})'],
  noCaseChanges: ['没有测试案例的结果因此改变。', 'No test case result changed.'],
  caseBefore: ['之前', 'Before'],
  caseAfter: ['之后', 'After'],
  allPass: ['全部 {n} 个案例通过。', 'All {n} cases pass.'],
  someFail: ['{f} 个案例未通过（共 {n} 个）。', '{f} of {n} cases fail.'],
  impactTitle: ['4 测算影响', '4 Estimate the impact'],
  impactIntro: ['比较打开时的规则和记录后的规则：在同一日期对同一批家庭各算一次，列出新纳入、退出的户数和支出变化。在后台线程中计算。', 'Compares the rules as opened with the rules as changed: the same households assessed on the same day under each, with the households brought in or taken out and the change in cost. Runs in a background thread.'],
  impactDate: ['测算日期', 'Date'],
  households: ['生成家庭数', 'Households to generate'],
  seed: ['随机种子（同一种子生成同样的家庭）', 'Seed (the same seed gives the same households)'],
  impactDateHint: ['默认为最近记录的新标准的生效日期。', 'By default, the date the last recorded figure takes effect.'],
  upload: ['或上传家庭数据（JSON Lines，或与 huimin batch --csv 相同列的 CSV；UTF-8 或 GBK/GB18030 编码均可）', 'or upload households (JSON Lines, or CSV with the columns of huimin batch --csv; UTF-8 or GBK/GB18030)'],
  readAs: ['已读取 {name}：{format}，{enc} 编码。', 'Read {name}: {format}, {enc}.'],
  notText: ['{name} 既不是 UTF-8 也不是 GB18030（GBK）编码的文本，有些字符无法读取：请在 Excel 中另存为“CSV UTF-8”后再上传。', '{name} is neither UTF-8 nor GB18030 (GBK) text; some characters could not be read: save it from Excel as “CSV UTF-8” and upload it again.'],
  run: ['测算', 'Compare'],
  computing: ['测算中…', 'Computing…'],
  noChanges: ['还没有记录任何变化。', 'No change recorded yet.'],
  done: ['完成', 'Done'],
  caption: ['{n} 户（{region}，{d}）· {bad} 行无法测算 · {ms} 毫秒', '{n} households ({region}, {d}) · {bad} malformed · {ms} ms'],
  colProgram: ['项目', 'Program'],
  colBefore: ['修改前', 'Before'],
  colAfter: ['修改后', 'After'],
  colIn: ['新纳入', 'Newly eligible'],
  colOut: ['退出', 'Newly ineligible'],
  colUp: ['增加', 'Up'],
  colDown: ['减少', 'Down'],
  colMonth: ['月支出变化（元）', 'Cost / month (yuan)'],
  colYear: ['年支出变化（元）', 'Cost / year (yuan)'],
  amountNotSet: ['金额未设定', 'amount not set'],
  line: ['第 {n} 行', 'line {n}'],
  synthNote: ['生成的人口是合成数据，不是统计数据。', 'Generated populations are synthetic, not statistics.'],
  publishTitle: ['5 发布', '5 Publish'],
  publishIntro: ['下载修改后的规则文件提交到代码库，或生成规则包供自测页加载。', 'Download the changed rule files for the repository, or build a rule bundle for the self-check page to load.'],
  changedFiles: ['修改的文件（{n}）', 'Changed files ({n})'],
  downloadFile: ['下载 {name}', 'Download {name}'],
  whereFiles: ['下载的文件名中的“-”代表目录：220723-dibao.toml 放回代码库的 rules/220723/dibao.toml。补丁文件可在代码库根目录用 git apply 一次应用全部修改。', 'A “-” in a downloaded file’s name stands for a directory: 220723-dibao.toml goes back to rules/220723/dibao.toml in the repository. The patch applies every change at once with git apply at the repository’s root.'],
  downloadPatch: ['下载全部修改（补丁 .diff）', 'Download every change (patch .diff)'],
  linesChanged: ['+{a} 行 / −{r} 行', '+{a} / −{r} lines'],
  bundleTitle: ['规则包', 'Rule bundle'],
  keyFile: ['签名私钥文件（huimin bundle keygen 生成；只用于本次签名，不保存、不上传）', 'Signing key file (from huimin bundle keygen; used for this signature only, never stored or sent)'],
  sign: ['生成签名规则包', 'Build a signed bundle'],
  unsigned: ['生成未签名规则包', 'Build an unsigned bundle'],
  noKey: ['请先选择签名私钥文件。', 'Choose the signing key file first.'],
  bundleReady: ['规则包已生成：{n} 个文件，SHA-256 {hash}', 'Bundle built: {n} files, SHA-256 {hash}'],
  downloadBundle: ['下载规则包 {name}', 'Download the bundle {name}'],
  publicKey: ['公钥（填入自测页的 huimin-rules-key）：', 'Public key (for the self-check page’s huimin-rules-key):'],
  pageConfig: ['把规则包放在自测页旁，在 index.html 的 <head> 中加入以下内容（带规则包的页面自动改用 pkg-signed 中的引擎）：', 'Put the bundle beside the self-check page and add this to the <head> of index.html (a page with a bundle then loads the engine from pkg-signed by itself):'],
  unsignedNote: ['未签名的规则包自测页不会加载；请用 huimin bundle sign 签名后再发布。', 'The self-check page will not load an unsigned bundle; sign the rules with huimin bundle sign before publishing.'],
  error: ['出错：{m}', 'Error: {m}'],
};

/** A UI string in the given language, with `{name}` slots filled. */
export function t(lang, key, vars = {}) {
  const pair = STRINGS[key];
  let text = pair ? pair[lang === 'en' ? 1 : 0] : key;
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** The language's text of a `{ zh, en }` pair. */
export function pick(lang, text) {
  if (!text) return '';
  return lang === 'en' ? text.en : text.zh;
}

const UNITS = {
  yuan: ['元', 'yuan'],
  yuan_per_month: ['元/月', 'yuan a month'],
  yuan_per_year: ['元/年', 'yuan a year'],
  percent: ['%', 'percent'],
  ratio: ['比例（小数，如 0.2）', 'ratio (a decimal such as 0.2)'],
  years: ['年（岁）', 'years'],
  months: ['个月', 'months'],
  days: ['天', 'days'],
  count: ['个（人）', 'count'],
  grade: ['级', 'grade'],
  bool: ['是/否', 'yes or no'],
  symbol: ['类别', 'category'],
  set: ['类别集合', 'set of categories'],
};

/** The units a figure may be published in, in the order offered. */
export const UNIT_CHOICES = ['yuan_per_month', 'yuan_per_year', 'yuan', 'percent', 'ratio', 'years', 'months', 'days', 'count', 'grade'];

/** How a unit reads. */
export function unitText(lang, unit) {
  const u = UNITS[unit];
  return u ? u[lang === 'en' ? 1 : 0] : unit;
}

/** A figure as published ("450 yuan_per_month") as an officer reads it ("450 元/月"). */
export function figure(lang, published) {
  const m = /^(\S+) ([a-z_]+)$/.exec(published || '');
  if (!m) return published || '';
  return `${m[1]} ${unitText(lang, m[2])}`;
}

/** A program's outcome in a case, as an officer reads it: `dibao: eligible 150.00`. */
export function outcomeText(o) {
  const amount = o.monthly ? ` ${o.monthly}${o.at_least ? '+' : ''}` : (o.annual ? ` ${o.annual}` : '');
  return `${o.program}: ${o.status}${amount}`;
}

const PUNCT = {
  zh: { colon: '：', list: '、', semi: '；', open: '（', close: '）', comma: '，' },
  en: { colon: ': ', list: ', ', semi: '; ', open: ' (', close: ')', comma: ', ' },
};

/** Punctuation as each language writes it. */
export function punct(lang) {
  return PUNCT[lang === 'en' ? 'en' : 'zh'];
}
