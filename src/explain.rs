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
        let _ = writeln!(out, "{indent}    {} = {}", v.name, show(&v.value.to_json()));
    }
    for p in &r.parameters {
        let _ = writeln!(
            out,
            "{indent}    {} = {} {} ({} {}; {}: {})",
            p.id,
            show(&p.value.to_json()),
            p.unit,
            l.s("自", "from"),
            p.from,
            l.s("公布值", "published"),
            p.published
        );
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "?".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
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
    for p in &a.programs {
        let _ = writeln!(
            out,
            "\n■ {} ({}): {}",
            l.pick(&p.name),
            p.id,
            status(l, p.status)
        );
        if let Some(amt) = &p.amount {
            let _ = writeln!(
                out,
                "  {}: {} {} / {} {}",
                l.s("金额", "amount"),
                amt.monthly,
                l.s("元/月", "yuan/month"),
                amt.annual,
                l.s("元/年", "yuan/year")
            );
        }
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
                let _ = writeln!(
                    out,
                    "    {}: {} {}",
                    l.s("金额", "amount"),
                    amt.monthly,
                    l.s("元/月", "yuan/month")
                );
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
