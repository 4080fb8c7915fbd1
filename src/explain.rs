//! Renders an assessment as readable text in zh-CN or English. It only formats what evaluation
//! recorded; it never re-derives a result.

use crate::pack::model::Text;
use crate::result::{Assessment, Citation, Outcome, Reason, Status};
use std::fmt::Write as _;

/// Output language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" | "zh-Hans" => Some(Lang::Zh),
            "en" | "en-US" | "en-GB" => Some(Lang::En),
            _ => None,
        }
    }

    fn pick(self, t: &Text) -> &str {
        match self {
            Lang::Zh => &t.zh,
            Lang::En => &t.en,
        }
    }

    fn s(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

fn status(l: Lang, s: Status) -> &'static str {
    match s {
        Status::Eligible => l.s("符合条件", "eligible"),
        Status::Ineligible => l.s("不符合条件", "not eligible"),
        Status::NeedsInfo => l.s("还需补充信息", "more information needed"),
        Status::Refer => l.s("请向民政部门咨询", "ask the civil-affairs office"),
    }
}

fn cite(l: Lang, c: &Citation) -> String {
    if let Some(note) = &c.unsourced {
        return format!("{}: {note}", l.s("无公开出处", "unsourced"));
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &c.title {
        parts.push(format!("《{t}》"));
    }
    for s in [&c.doc_number, &c.article, &c.publisher, &c.date]
        .into_iter()
        .flatten()
    {
        parts.push(s.to_string());
    }
    parts.join(" ")
}

fn reason(l: Lang, r: &Reason, out: &mut String, indent: &str) {
    let mark = match r.outcome {
        Outcome::Met => l.s("✓ 满足", "✓ met"),
        Outcome::NotMet => l.s("✗ 不满足", "✗ not met"),
        Outcome::Computed => l.s("＝ 计算", "= computed"),
        Outcome::Unknown => l.s("? 未知", "? unknown"),
    };
    let _ = writeln!(out, "{indent}{mark}: {}", l.pick(&r.text));
    let c = cite(l, &r.citation);
    if !c.is_empty() {
        let _ = writeln!(out, "{indent}    {}: {c}", l.s("依据", "source"));
    }
    for v in r.values.iter().chain(r.inputs.iter()) {
        let _ = writeln!(out, "{indent}    {} = {}", v.name, v.value.show());
    }
    // A criterion left open that read a figure with no published source: one that fails on
    // such a figure is left open rather than failed (README, "Unsourced figures do not turn a
    // resident away"). Said on the criterion, not only in the program's list of unsourced
    // figures. (Which of its reads left it open the result does not record: the statement is
    // only that it uses them.)
    if r.outcome == Outcome::Unknown {
        let mut ids = r
            .parameters
            .iter()
            .filter(|p| p.citation.unsourced.is_some());
        if let Some(first) = ids.next() {
            out.push_str(indent);
            out.push_str("    ");
            out.push_str(l.s(
                "注意：使用了无公开出处的数值",
                "note: uses an unsourced value",
            ));
            out.push_str(": ");
            out.push_str(&first.id);
            for p in ids {
                out.push_str(", ");
                out.push_str(&p.id);
            }
            out.push('\n');
        }
    }
    for p in &r.parameters {
        if p.from.is_empty() {
            let _ = writeln!(
                out,
                "{indent}    {} = {} ({})",
                p.id,
                p.value.show(),
                l.s("此地此日未收录", "no value on file for this place and date")
            );
            continue;
        }
        let assumed = if p.from_assumed.is_some() {
            l.s("，起始日期为推定", ", start date assumed")
        } else {
            ""
        };
        let known = if p.known_until.is_empty() {
            String::new()
        } else {
            format!("; {} {}", l.s("已知有效至", "known until"), p.known_until)
        };
        let _ = writeln!(
            out,
            "{indent}    {} = {} {} ({} {}{assumed}{known}; {}: {})",
            p.id,
            p.value.show(),
            p.unit,
            l.s("自", "from"),
            p.from,
            l.s("公布值", "published"),
            p.published
        );
    }
}

/// What the amount would be for each value of a fact the office assigns.
fn options(l: Lang, opts: &[crate::result::AmountOption], out: &mut String) {
    let Some(first) = opts.first() else { return };
    let _ = writeln!(
        out,
        "  {}{}{}",
        l.s("金额取决于", "the amount depends on "),
        l.pick(&first.label),
        l.s("：", ":")
    );
    for o in opts {
        let what = o
            .text
            .as_ref()
            .map_or_else(|| o.value.to_string(), |t| l.pick(t).to_string());
        let amt = o
            .amount
            .as_ref()
            .map_or_else(|| l.s("不发放", "not paid").to_string(), |a| amount(l, a));
        let _ = writeln!(out, "    {what}: {amt}");
    }
}

/// An amount as a resident reads it: "至少 150.00 元/月（1800.00 元/年）", "1000.00 元/年",
/// "一次性 3000.00 元".
pub fn amount(l: Lang, a: &crate::result::AmountOut) -> String {
    use crate::result::Period;
    let at_least = if a.at_least {
        l.s("至少 ", "at least ")
    } else if a.up_to {
        l.s("最高 ", "up to ")
    } else {
        ""
    };
    if let (true, Some(from)) = (a.up_to, a.from.as_deref()) {
        let top = match a.period {
            Period::Month => a.monthly.as_deref(),
            Period::Year => a.annual.as_deref(),
            Period::Once => a.once.as_deref(),
        }
        .unwrap_or("?");
        let unit = match a.period {
            Period::Month => l.s("元/月", "yuan a month"),
            Period::Year => l.s("元/年", "yuan a year"),
            Period::Once => l.s("元（一次性）", "yuan (one-off)"),
        };
        return format!(
            "{from}{}{top} {unit}{}",
            l.s(" 至 ", " to "),
            l.s("，由经办机构核定", ", set by the office")
        );
    }
    let m = a.monthly.as_deref().unwrap_or("?");
    let y = a.annual.as_deref().unwrap_or("?");
    match a.period {
        Period::Month => format!(
            "{at_least}{m} {} ({at_least}{y} {})",
            l.s("元/月", "yuan a month"),
            l.s("元/年", "yuan a year")
        ),
        Period::Year => format!(
            "{at_least}{y} {}",
            l.s("元/年（每年一次）", "yuan a year (paid yearly)")
        ),
        Period::Once => format!(
            "{}{at_least}{} {}",
            l.s("一次性 ", "one-off: "),
            a.once.as_deref().unwrap_or("?"),
            l.s("元", "yuan")
        ),
    }
}

/// The package: what the household may receive, totalled, and what is not paid as well.
fn package(l: Lang, p: &crate::result::Package, out: &mut String) {
    let at_least = if p.at_least || p.incomplete {
        l.s("至少 ", "at least ")
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\n■ {}",
        l.s(
            "可能获得的待遇（已去除不能同时享受的项目）",
            "What the household may receive (programs that exclude one another resolved)"
        )
    );
    if p.items.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            l.s("暂无确定可以领取的待遇", "nothing decided yet")
        );
    }
    let whose = |member: &Option<crate::shared::Str>| {
        member
            .as_ref()
            .map(|m| format!(" [{} {m}]", l.s("成员", "member")))
            .unwrap_or_default()
    };
    for i in &p.items {
        let who = whose(&i.member);
        let amt = i.amount.as_ref().map_or_else(
            || {
                l.s("金额待核定", "amount to be set by the office")
                    .to_string()
            },
            |a| amount(l, a),
        );
        let _ = writeln!(out, "  + {}{who}: {amt}", l.pick(&i.name));
    }
    if p.items.iter().any(|i| i.amount.is_some()) {
        let _ = writeln!(
            out,
            "  {}: {at_least}{} {} / {at_least}{} {}",
            l.s("合计", "total"),
            p.monthly,
            l.s("元/月", "yuan a month"),
            p.annual,
            l.s("元/年", "yuan a year")
        );
    } else if !p.items.is_empty() {
        // No amount is known yet: a total of "at least 0.00" would read as nothing.
        let _ = writeln!(
            out,
            "  {}: {}",
            l.s("合计", "total"),
            l.s("金额待核定", "amount to be set by the office")
        );
    }
    if p.once != "0.00" {
        let _ = writeln!(
            out,
            "  {}: {at_least}{} {}",
            l.s("另有一次性", "one-off, apart"),
            p.once,
            l.s("元", "yuan")
        );
    }
    for n in &p.not_taken {
        let who = whose(&n.member);
        let _ = writeln!(
            out,
            "  - {}{who} {} {}: {}",
            l.pick(&n.name),
            l.s("不另发放，改为", "not paid as well, instead:"),
            l.pick(&n.instead_name),
            l.pick(&n.text)
        );
    }
}

/// Renders the assessment.
pub fn render(a: &Assessment, l: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}  {} {}  {} {}",
        l.s("评估日期", "As of"),
        a.as_of,
        l.s("地区", "region"),
        a.region.as_deref().unwrap_or("?"),
        l.s("规则版本", "rules"),
        a.rules_version
    );
    if a.region.is_some() && a.packs.len() == 1 {
        let _ = writeln!(
            out,
            "{}",
            l.s(
                "本地规定尚未收录：按全国规定判断；需要本地标准的项目请向当地乡镇（街道）或县级民政部门咨询。",
                "Local rules of this place are not on file: the national rules decide; for programs that need local figures, ask the township or county civil-affairs office."
            )
        );
    }
    if let Some(pkg) = &a.package {
        package(l, pkg, &mut out);
    }
    for p in &a.programs {
        let _ = writeln!(
            out,
            "\n■ {} ({}): {}",
            l.pick(&p.name),
            p.id,
            status(l, p.status)
        );
        if let Some(amt) = &p.amount {
            let _ = writeln!(out, "  {}: {}", l.s("金额", "amount"), amount(l, amt));
        }
        options(l, &p.options, &mut out);
        for r in &p.reasons {
            reason(l, r, &mut out, "  ");
        }
        for m in &p.members {
            let _ = writeln!(
                out,
                "  · {} {}: {}",
                l.s("成员", "member"),
                m.id,
                status(l, m.status)
            );
            if let Some(amt) = &m.amount {
                let _ = writeln!(out, "    {}: {}", l.s("金额", "amount"), amount(l, amt));
            }
            for r in &m.reasons {
                reason(l, r, &mut out, "    ");
            }
        }
        if !p.missing.is_empty() {
            let list: Vec<&str> = p.missing.iter().map(|m| m.path.as_str()).collect();
            let _ = writeln!(
                out,
                "  {}: {}",
                l.s("还需要", "still needed"),
                list.join(", ")
            );
        }
        for u in &p.unsourced {
            let what = u
                .description
                .as_ref()
                .map_or(u.parameter.as_str(), |d| l.pick(d));
            let _ = writeln!(
                out,
                "  {}: {what} [{}] ({})",
                l.s(
                    "注意：使用了无公开出处的数值",
                    "note: uses an unsourced value"
                ),
                u.parameter,
                u.note
            );
        }
        for s in &p.stale {
            let _ = writeln!(
                out,
                "  {}: {}",
                l.s("标准可能已调整", "figure may be out of date"),
                l.pick(&s.text)
            );
        }
        for d in &p.dates {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                l.s("日期", "date"),
                d.date,
                l.pick(&d.text)
            );
        }
        if !p.no_rule.is_empty() {
            let _ = writeln!(
                out,
                "  {}: {}",
                l.s(
                    "该地该日无现行标准",
                    "no standard in force here on this date"
                ),
                p.no_rule.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        l.s(
            "本结果为自测估算，是否符合条件以民政部门审核确认为准。",
            "This is a self-check estimate; the civil-affairs office decides."
        )
    );
    out
}
