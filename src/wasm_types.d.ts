/** Text in Simplified Chinese and English. */
export interface Text { zh: string; en: string; }

/** A decimal amount of money in yuan, as a string ("1200.50"): never a JS number. */
export type Money = string;

/** A date, YYYY-MM-DD. */
export type IsoDate = string;

/** Relation to the applicant. */
export type Relation = "applicant" | "spouse" | "child" | "parent" | "grandparent" | "grandchild" | "sibling" | "other";
/** Kind of disability on the certificate. */
export type DisabilityKind = "visual" | "hearing" | "speech" | "physical" | "intellectual" | "mental" | "multiple";
/** Income categories. */
export type IncomeCategory = "wage" | "farming" | "business" | "property" | "pension" | "basic_pension_central" | "support_payments" | "disability_subsidy" | "scholarship" | "preferential_care" | "social_assistance" | "family_planning_award" | "heroism_award" | "elder_allowance" | "de_facto_orphan_allowance" | "social_insurance" | "unemployment_benefit" | "work_injury_care" | "other";
/** Status flags of a person. */
export type StatusFlag = "in_prison" | "compulsory_rehab" | "declared_missing" | "fulltime_student" | "employed" | "clergy_away" | "conscript" | "lacks_civil_capacity" | "refused_work" | "needs_long_term_care" | "deceased" | "parents_not_found" | "veteran_demobilized" | "veteran_ill_returned" | "veteran_war_participant" | "martyr_family" | "disabled_veteran_7_10" | "in_secondary_school";
/** Benefits a person may already receive. */
export type Benefit = "dibao" | "low_income" | "tekun" | "disability_living" | "disability_care" | "temporary_assistance" | "orphan" | "de_facto_orphan" | "veteran_outpatient" | "veteran_pension" | "elderly_care_subsidy" | "elder_allowance" | "work_injury_care" | "dibao_gradual_exit";
/** Emergencies and sudden expenses of a household. */
export type Hardship = "natural_disaster" | "fire" | "accident" | "sudden_illness" | "medical_expense" | "education_expense" | "other_hardship";
/** Kinds of vehicle. */
export type VehicleKind = "car" | "motorcycle" | "disability_vehicle" | "electric_bike" | "farm_machinery" | "truck" | "other";
/** Marital status. */
export type MaritalStatus = "unmarried" | "married" | "divorced" | "widowed";
/** Blood relationship between the parties of a marriage registration. */
export type Kinship = "none" | "lineal" | "collateral_within_3" | "collateral_beyond_3";

/** A member of the household, or a supporter living elsewhere. An absent key means unknown. */
export interface Person {
  id: string;
  relation?: Relation;
  sex?: "male" | "female";
  birth_date?: IsoDate;
  /** null: no disability certificate. */
  disability?: { kind: DisabilityKind; grade: 1 | 2 | 3 | 4 } | null;
  /** How many of the six daily-living items the person cannot do alone (0–6). */
  adl_failed?: number;
  serious_illness?: boolean;
  /** Monthly income by category; categories left out are 0, a category set to null is unknown. */
  income?: Partial<Record<IncomeCategory, Money | null>>;
  status?: StatusFlag[];
  receives?: Benefit[];
  /** null: never lost contact. */
  lost_contact_since?: IsoDate | null;
  /** null: not detained. */
  detained_since?: IsoDate | null;
  /** Marital status now (marriage and divorce registration). */
  marital_status?: MaritalStatus;
  /** Facts the region's packs add for a member (`[facts.*]` with scope member). */
  local?: LocalFacts;
}

/** Facts a region's packs add: true/false, or a string (a number, amount, date or symbol). */
export type LocalFacts = Record<string, boolean | string | number | null>;

/** Facts of a marriage or divorce registration; the two parties are the members. */
export interface MarriageFacts {
  /** Blood relationship between the parties. */
  kinship?: Kinship;
  /** Both parties will come to the registry in person. */
  in_person?: boolean;
  /** Both parties act of their own free will. */
  voluntary?: boolean;
  /** The registry is where one party's household registration is (required before 2025-05-10). */
  at_hukou_registry?: boolean;
  /** (Divorce) a written agreement settles children, property and debts. */
  divorce_agreement?: boolean;
  /** (Divorce) the day the registry received the divorce application. */
  divorce_applied?: IsoDate;
}

/** One vehicle the household owns. */
export interface Vehicle {
  kind: VehicleKind;
}

/** Household assets. */
export interface Assets {
  /** Deposits and financial assets of all members together. */
  deposits?: Money;
  /** Number of homes owned. */
  homes?: number;
  /** []: none. */
  vehicles?: Vehicle[];
}

/** The household document (schema/household.schema.json). */
export interface Household {
  /** Six-digit GB/T 2260 code of the place of household registration. */
  region?: string;
  hukou?: "urban" | "rural";
  members?: Person[];
  assets?: Assets;
  /** Relatives living elsewhere with a duty of support; []: none. */
  supporters?: Person[];
  /** []: none. */
  hardships?: Hardship[];
  marriage?: MarriageFacts;
  /** Facts the region's packs add for the household (`[facts.*]` with scope household). */
  local?: LocalFacts;
}

export interface AssessOptions {
  /** Record the facts, values and parameters behind each criterion. */
  trace?: boolean;
  /** Which programs: "benefits" (default) or "marriage" (registration pre-checks). */
  topic?: "benefits" | "marriage";
  /** `assessWithRefs` only: write every text in this language alone (`{ zh }` or `{ en }`). */
  lang?: "zh" | "en";
  /**
   * `assessWithRefs` only: how many of the pieces this engine sends (citations, texts, tests
   * and criteria, in `pieces`) the caller holds from its earlier results; with it, every
   * citation and rule text is the index of a piece, each reason on a criterion names it by the
   * index of one (`rule`), and the result sends only the pieces from `held` on.
   */
  held?: number;
}

export type Status = "eligible" | "ineligible" | "needs_info" | "refer";

export interface Citation {
  title?: string; doc_number?: string; article?: string; publisher?: string;
  date?: string; url?: string; unsourced?: string;
}

export interface Missing { fact: string; path: string; person?: string; }

export interface Reason {
  criterion: string;
  outcome: "met" | "not_met" | "unknown" | "computed";
  text: Text;
  test: string;
  citation: Citation;
  inputs?: { name: string; value: unknown }[];
  values?: { name: string; value: unknown }[];
  parameters?: TracedParameter[];
}

/** A parameter a criterion read, with its value and source (with the trace). */
export interface TracedParameter {
  id: string; value: unknown; unit: string; published: string; from: IsoDate;
  /** Why the start date is assumed, when the source does not give it. */
  from_assumed?: string;
  /** Last day the value is known to be in force. */
  known_until?: IsoDate;
  citation: Citation;
}

/**
 * An amount: `monthly` and `annual` for a monthly payment, `annual` alone for a yearly one,
 * `once` alone for a one-off payment. `at_least`: a lower bound ("至少"), computed from a figure
 * past the date it is known until, or a published floor ("不低于").
 */
export interface Amount {
  period: "month" | "year" | "once";
  monthly?: Money; annual?: Money; once?: Money;
  at_least?: boolean;
  /** A ceiling ("最高"): the office sets the sum, up to this. */
  up_to?: boolean;
  /** With `up_to`, the least paid in the same period: a range. */
  from?: Money;
}

/** A figure a result used past the date it is known until. */
export interface Stale {
  parameter: string;
  description?: Text;
  /** The last figure on file, as published ("450 yuan_per_month"). */
  published: string;
  from: IsoDate;
  known_until: IsoDate;
  /** What the engine took the figure in force now to be. */
  later: "at_least" | "unknown";
  citation: Citation;
  /** The reason a resident reads. */
  text: Text;
}

/** What the household may receive, each payment once; programs that exclude one another resolved. */
export interface Package {
  items: { program: string; name: Text; member?: string; amount: Amount | null }[];
  /** Total of the monthly payments, per month. */
  monthly: Money;
  /** Monthly payments for twelve months plus the yearly payments. */
  annual: Money;
  /** One-off payments, apart. */
  once: Money;
  /** Some amount is a lower bound, so the totals are too. */
  at_least?: boolean;
  /** Some amount is a ceiling, so the totals are the most that may be paid. */
  up_to?: boolean;
  /** Some payment's amount is not known, so the totals leave it out. */
  incomplete?: boolean;
  not_taken?: {
    program: string; name: Text; member?: string; amount?: Amount;
    instead: string; instead_name: Text; text: Text; citation: Citation;
  }[];
}

export interface MemberResult {
  id: string; status: Status; amount?: Amount; reasons: Reason[]; missing?: Missing[];
}

export interface ProgramResult {
  id: string;
  name: Text;
  status: Status;
  amount?: Amount;
  members?: MemberResult[];
  reasons?: Reason[];
  missing: Missing[];
  unsourced?: { parameter: string; description?: Text; note: string }[];
  no_rule?: string[];
  /** Figures used past the date they are known until: the result reasons with bounds. */
  stale?: Stale[];
  documents?: Text[];
  apply_at?: Text;
  /** Dates the result states (divorce windows). */
  dates?: { id: string; date: IsoDate; text: Text }[];
  /** When the amount depends on a fact the office assigns (a class): the amount for each value. */
  options?: AmountOption[];
}

/** The amount a program would pay for one value of a fact the office assigns. */
export interface AmountOption {
  fact: string;
  person?: string;
  label: Text;
  value: string;
  text?: Text;
  /** Absent: not paid with this value. */
  amount?: Amount;
}

/** A program's decision without its explanation (`Engine.decide`). */
export interface Decided {
  id: string;
  name: Text;
  status: Status;
  /** As in `ProgramResult`, without `from`. */
  amount?: Amount;
}

export interface Assessment {
  as_of: IsoDate;
  region: string | null;
  rules_version: string;
  packs: string[];
  programs: ProgramResult[];
  /** The package (benefit programs). */
  package?: Package;
}

/**
 * `T` as `assessWithRefs` writes it: every `citation` the index of a citation in `citations`
 * (of a piece, with `held`), every `parameters` and `stale` list a list of indices into the
 * lists of those names, every `inputs` and `values` list one into `inputs`; texts in one
 * language alone when `lang` was given. With `held`, the texts and the tests and notes of the
 * rules are indices of pieces too, and a reason on a criterion is a `ReasonByRule`.
 */
export type WithRefs<T> = T extends (infer U)[]
  ? WithRefs<U>[]
  : T extends Text
    ? Partial<Text> | number
  : T extends Reason
    ? FieldsWithRefs<T> | ReasonByRule
  : T extends object
    ? FieldsWithRefs<T>
    : T;

/** The fields of `T` as `assessWithRefs` writes them (see `WithRefs`). */
export type FieldsWithRefs<T> = {
  [K in keyof T]: K extends "citation"
    ? number
    : K extends "parameters" | "stale" | "inputs" | "values"
      ? number[]
      : K extends "test" | "note"
        ? T[K] | number
        : WithRefs<T[K]>;
};

/**
 * A reason in a result asked with `held`: its criterion, text, test and citation are one piece,
 * a `RulePiece`, named by its index in `rule`.
 */
export interface ReasonByRule {
  rule: number;
  outcome: Reason["outcome"];
  inputs?: number[];
  values?: number[];
  parameters?: number[];
}

/** A criterion as its reasons quote it: its id, and the indices of its text, test and citation among the pieces. */
export interface RulePiece {
  criterion: string;
  text: number;
  test: number;
  citation: number;
}

/**
 * An assessment with each citation, traced parameter, stale figure and traced fact or value
 * written once (`assessWithRefs`); `resolveRefs` in `www/refs.js` gives the `Assessment`
 * `assess` does.
 */
export type AssessmentWithRefs = WithRefs<Assessment> & {
  /** With `held`: the index of the first piece in `pieces` (the `held` asked, at most the
   * number of pieces the engine has sent). */
  pieces_from?: number;
  /** With `held`: the pieces from `pieces_from` on (citations, texts, strings and rules). */
  pieces?: (Citation | Partial<Text> | string | RulePiece)[];
  citations?: Citation[];
  /** The facts and computed values the reasons read (with the trace), each once. */
  inputs?: { name: string; value: unknown }[];
  parameters?: WithRefs<TracedParameter>[];
  stale?: WithRefs<Stale>[];
};

export interface NextQuestion {
  fact: string;
  path: string;
  person?: string;
  text?: Text;
  help?: Text;
  priority: number;
  programs: string[];
  /** How to ask a fact the region's packs add (built-in facts: see `form()`). */
  field?: Field;
}

export interface Region { code: string; name: Text; parent: string | null; has_pack: boolean; }

export interface Field {
  fact: string;
  kind: "region" | "people" | "choice" | "multi" | "date" | "date_or_none" | "disability" | "bool" | "count" | "money" | "income";
  choices?: { value: string; label: Text; common: boolean }[];
  min?: number;
  max?: number;
}

export interface CurveQuery {
  program: string;
  /** Index of the member whose income varies (default 0). */
  member?: number;
  category: string;
  from: Money;
  to: Money;
  /** 2 to 200 (default 41). */
  points?: number;
}

export interface Curve {
  program: string;
  member: string;
  category: string;
  points: { income: Money; status: Status; monthly?: Money }[];
  /** The lowest income (to the fen) at which the program is no longer granted. */
  ends_at?: Money;
  /**
   * The status at `ends_at`: `ineligible`, or `refer` when from there the office decides (the
   * boundary comes from a figure past its known date, or an unsourced one): then the program may
   * still apply, and a page must not say it no longer does.
   */
  after?: Status;
}

/** What every call throws: a JS Error with a stable code and the field at fault. */
export interface HuiminError extends Error {
  code: string;
  path: string;
  errors?: { code: string; message: string; file: string; line: number; column: number }[];
}

export interface BookingRequest {
  service: "marriage_registration" | "divorce_registration";
  registry: string;
  registry_name: Text;
  date: IsoDate;
  start: string;
  end: string;
  parties: { id: string; sex?: string; birth_date?: IsoDate }[];
  /** The pre-check as on the appointment day. */
  precheck: ProgramResult;
  documents: Text[];
  rules_version: string;
}

export interface RegistryInfo {
  id: string; name: Text; region: string; address?: Text; services: string[]; slot_minutes: number;
}

export interface Slots {
  registry: string;
  name: Text;
  from: IsoDate;
  to: IsoDate;
  /** Bookable days with at least one free place (rest days and full days left out). */
  days: {
    date: IsoDate;
    weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
    kind: "working" | "make_up_working" | "weekend" | "holiday";
    special?: Text;
    extended: boolean;
    free: number;
    slots: { start: string; end: string; free: number }[];
  }[];
  /** Years in the range with no holiday arrangement known. */
  unknown_years?: number[];
}

/** Whether any marriage registry in the country may register a couple on a date (全国通办), as
 * the rules say; otherwise only one where a party's household is registered. */
export interface RegistryAnywhere {
  anywhere: boolean;
  /** The text that says so; null when the rules say nothing for the date. */
  citation: Citation | null;
}
