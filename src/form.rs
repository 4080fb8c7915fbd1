//! How each household fact is asked: the kind of answer it takes and the labelled choices.
//!
//! Front ends (the page, a mini program, a portal form) render a question from this description
//! and write the answer into the household document at the question's `path`; they need no
//! knowledge of the vocabulary or of any rule. The labels are the words a resident reads.

use crate::catalogue::{Type, ASKED};
use crate::facts::RELATIONS;
use crate::pack::model::Text;
use serde::Serialize;

/// The kind of answer a fact takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A GB/T 2260 region code chosen from `regions()`.
    Region,
    /// The list of people (`members` or `supporters`), each with an `id` and a `relation`.
    People,
    /// One of `choices`.
    Choice,
    /// Any number of `choices` (a list; empty means none).
    Multi,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A date, or `null` for "never" / "not the case".
    DateOrNone,
    /// `null` (no certificate) or `{ "kind": one of choices, "grade": 1–4 }`.
    Disability,
    /// `true` or `false`.
    Bool,
    /// A whole number from `min` to `max`.
    Count,
    /// A decimal string, yuan.
    Money,
    /// An object of decimal strings per income category (monthly yuan); categories left out are 0.
    Income,
}

/// A labelled choice.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    /// The value written into the household document.
    pub value: &'static str,
    /// What the resident reads.
    pub label: Text,
    /// Shown before "more" in long lists.
    pub common: bool,
}

/// How one fact is asked.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// Generic fact name as in questions (`member.income`).
    pub fact: &'static str,
    /// Answer kind.
    pub kind: Kind,
    /// Choices (for choice, multi, disability, income and people kinds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Smallest count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// Largest count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// Labels in Chinese and English for every word a resident may choose.
const LABELS: &[(&str, &str, &str)] = &[
    ("urban", "城镇户口", "urban registration"),
    ("rural", "农村户口", "rural registration"),
    ("applicant", "申请人本人", "the applicant"),
    ("spouse", "配偶", "spouse"),
    ("child", "子女", "child"),
    ("parent", "父母", "parent"),
    ("grandparent", "祖父母、外祖父母", "grandparent"),
    ("grandchild", "孙子女、外孙子女", "grandchild"),
    ("sibling", "兄弟姐妹", "brother or sister"),
    ("other", "其他", "other"),
    ("male", "男", "male"),
    ("female", "女", "female"),
    ("visual", "视力残疾", "visual"),
    ("hearing", "听力残疾", "hearing"),
    ("speech", "言语残疾", "speech"),
    ("physical", "肢体残疾", "physical"),
    ("intellectual", "智力残疾", "intellectual"),
    ("mental", "精神残疾", "mental"),
    ("multiple", "多重残疾", "multiple"),
    ("wage", "工资", "wages"),
    ("farming", "务农收入", "farming"),
    ("business", "经营收入", "business"),
    (
        "property",
        "租金、利息等财产收入",
        "rent, interest and other property income",
    ),
    ("pension", "养老金、退休金", "pension"),
    (
        "basic_pension_central",
        "城乡居民基础养老金",
        "basic residents' pension (central part)",
    ),
    (
        "support_payments",
        "赡养费、抚养费",
        "support payments from relatives",
    ),
    (
        "disability_subsidy",
        "残疾人两项补贴",
        "disability subsidies",
    ),
    (
        "scholarship",
        "奖学金、助学金",
        "scholarships and student aid",
    ),
    (
        "preferential_care",
        "优抚金",
        "veterans' and martyrs' benefits (优抚)",
    ),
    (
        "social_assistance",
        "低保金、特困供养金等救助金",
        "social-assistance payments",
    ),
    (
        "family_planning_award",
        "计划生育奖励扶助金",
        "family-planning awards",
    ),
    ("heroism_award", "见义勇为奖励", "heroism awards"),
    ("elder_allowance", "高龄津贴", "elder allowance"),
    (
        "de_facto_orphan_allowance",
        "事实无人抚养儿童生活补贴",
        "de-facto-orphan allowance",
    ),
    (
        "social_insurance",
        "其他社会保险待遇",
        "other social-insurance benefits",
    ),
    ("unemployment_benefit", "失业保险金", "unemployment benefit"),
    (
        "work_injury_care",
        "工伤保险生活护理费",
        "work-injury care pay",
    ),
    ("in_prison", "正在服刑", "serving a prison sentence"),
    (
        "compulsory_rehab",
        "强制隔离戒毒",
        "in compulsory drug rehabilitation",
    ),
    ("declared_missing", "被宣告失踪", "declared missing"),
    ("fulltime_student", "在读全日制学生", "full-time student"),
    (
        "in_secondary_school",
        "在接受义务教育或就读普通高中、中等职业学校",
        "in compulsory education, general upper-secondary or secondary vocational school",
    ),
    ("employed", "已就业", "employed"),
    ("clergy_away", "出家、宗教教职人员", "clergy living away"),
    ("conscript", "义务兵", "serving conscript"),
    (
        "lacks_civil_capacity",
        "无民事行为能力",
        "lacks civil capacity",
    ),
    (
        "refused_work",
        "有劳动能力但拒绝就业",
        "able to work but refused work",
    ),
    (
        "needs_long_term_care",
        "需要长期照护",
        "needs long-term care",
    ),
    ("deceased", "已去世", "deceased"),
    (
        "parents_not_found",
        "查找不到生父母",
        "birth parents cannot be found",
    ),
    (
        "veteran_demobilized",
        "退役军人（复员）",
        "demobilised veteran",
    ),
    (
        "veteran_ill_returned",
        "带病回乡退伍军人",
        "veteran returned home ill",
    ),
    (
        "veteran_war_participant",
        "参战参试退役人员",
        "war or test participant",
    ),
    ("martyr_family", "烈士遗属", "martyr's family"),
    (
        "disabled_veteran_7_10",
        "七至十级残疾军人",
        "disabled veteran, grade 7-10",
    ),
    ("natural_disaster", "自然灾害", "natural disaster"),
    ("fire", "火灾", "fire"),
    ("accident", "交通事故等意外", "accident"),
    ("sudden_illness", "突发重大疾病", "sudden serious illness"),
    (
        "medical_expense",
        "医疗费用突然增加",
        "sudden medical costs",
    ),
    (
        "education_expense",
        "教育费用突然增加",
        "sudden education costs",
    ),
    ("other_hardship", "其他突发困难", "other sudden hardship"),
    ("dibao", "最低生活保障", "dibao"),
    ("low_income", "低保边缘", "low-income (低保边缘)"),
    (
        "tekun",
        "特困人员救助供养",
        "extreme-poverty support (特困)",
    ),
    (
        "disability_living",
        "困难残疾人生活补贴",
        "disability living subsidy",
    ),
    (
        "disability_care",
        "重度残疾人护理补贴",
        "disability care subsidy",
    ),
    ("temporary_assistance", "临时救助", "temporary assistance"),
    ("orphan", "孤儿基本生活费", "orphan allowance"),
    (
        "de_facto_orphan",
        "事实无人抚养儿童生活补贴",
        "de-facto-orphan allowance",
    ),
    (
        "veteran_outpatient",
        "优抚对象门诊补助",
        "veterans' outpatient aid",
    ),
    (
        "veteran_pension",
        "优抚定期抚恤补助",
        "veterans' periodic benefits",
    ),
    (
        "elderly_care_subsidy",
        "经济困难老年人补贴",
        "subsidy for elderly people in hardship",
    ),
    ("dibao_gradual_exit", "低保渐退期", "dibao gradual exit"),
    ("car", "小汽车", "car"),
    ("motorcycle", "摩托车", "motorcycle"),
    (
        "disability_vehicle",
        "残疾人功能性补偿代步机动车",
        "disability mobility vehicle",
    ),
    ("electric_bike", "电动车", "electric bike"),
    ("farm_machinery", "农用机械", "farm machinery"),
    ("truck", "货车", "truck"),
    ("unmarried", "未婚", "never married"),
    ("married", "已婚（有配偶）", "married"),
    ("divorced", "离婚", "divorced"),
    ("widowed", "丧偶", "widowed"),
    ("none", "没有血缘关系", "not related by blood"),
    ("lineal", "直系血亲（父母子女、祖孙等）", "lineal relatives (parent and child, grandparent and grandchild)"),
    ("collateral_within_3", "三代以内旁系血亲（兄弟姐妹、堂表兄弟姐妹、叔伯姑舅姨与侄甥等）", "collateral relatives within three generations (siblings, first cousins, uncles and aunts with nephews and nieces)"),
    ("collateral_beyond_3", "三代以外的远亲", "more distant relatives"),
];

/// Income categories shown before "more kinds".
const COMMON_INCOME: &[&str] = &["wage", "farming", "business", "pension", "support_payments"];
/// Status flags shown before "more".
const COMMON_STATUS: &[&str] = &[
    "in_prison",
    "fulltime_student",
    "employed",
    "needs_long_term_care",
    "deceased",
];

/// The label of a vocabulary word (the word itself when none is recorded).
pub fn label(word: &str) -> Text {
    LABELS
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, zh, en)| Text {
            zh: (*zh).into(),
            en: (*en).into(),
        })
        .unwrap_or_else(|| Text {
            zh: word.into(),
            en: word.into(),
        })
}

fn choices(words: &[&'static str], common: &[&str]) -> Vec<Choice> {
    words
        .iter()
        .map(|w| Choice {
            value: w,
            label: label(w),
            common: common.is_empty() || common.contains(w),
        })
        .collect()
}

/// The largest count a form offers (a document may hold more homes; nobody asking has 99).
const FORM_MAX_COUNT: u32 = 99;

/// The choices shown before "more" for a fact (all of them when none are named).
fn common(fact: &str) -> &'static [&'static str] {
    match fact {
        "member.income" => COMMON_INCOME,
        "member.status" => COMMON_STATUS,
        _ => &[],
    }
}

/// Every fact a question can ask, with its answer kind, from the catalogue
/// ([`crate::catalogue::FACTS`], through [`crate::catalogue::ASKED`]). Person facts are listed under `member.*`; `supporter.*` facts
/// take the same answers.
pub fn fields() -> Vec<Field> {
    ASKED
        .iter()
        .flatten()
        .map(|f| {
            // A list of people is answered with each person's relation.
            let words = if f.kind == Kind::People {
                RELATIONS
            } else {
                f.vocabulary
            };
            let (min, max) = match f.ty {
                Type::Count(max) => (Some(0), Some(max.min(FORM_MAX_COUNT))),
                _ => (None, None),
            };
            Field {
                fact: f.name,
                kind: f.kind,
                choices: choices(words, common(f.name)),
                min,
                max,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_a_label_in_both_languages() {
        for f in fields() {
            for c in &f.choices {
                assert!(
                    LABELS
                        .iter()
                        .any(|(w, zh, en)| *w == c.value && !zh.is_empty() && !en.is_empty()),
                    "{}: no label for {}",
                    f.fact,
                    c.value
                );
            }
        }
    }
}
