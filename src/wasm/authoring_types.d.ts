
/** The rule studio (www/pkg-authoring only). */
export interface StudioSource {
  id: string; title: string; publisher: string; doc_number: string | null; date: IsoDate; url: string | null;
}

export interface StudioValue {
  from: IsoDate; until: IsoDate | null;
  /** The figure as published, with its unit: "450 yuan_per_month". */
  published: string;
  /** In the parameter's unit (decimal string, boolean or list). */
  value: unknown;
  known_until: IsoDate;
  /** Why the start date is assumed. */
  assumed: string | null;
  pack: string; file: string; line: number;
  source: StudioSource | null; article: string | null;
  /** Why no source is cited. */
  unsourced: string | null;
  /** In force on the day looked at, and past its known_until then. */
  in_force: boolean; stale: boolean;
}

export interface StudioParameter {
  id: string; unit: string; kind: "number" | "boolean" | "string" | "set" | "date";
  later: "at_least" | "unknown" | "unchanged"; description: Text | null;
  /** The place's own pack declares it. */
  own: boolean; table_row: boolean;
  /** A new dated value can be recorded for it. */
  editable: boolean;
  stale: boolean;
  values: StudioValue[];
}

export interface StudioPlace {
  code: string; name: Text; packs: string[]; files: string[];
  programs: { id: string; name: Text }[];
  parameters: StudioParameter[];
  unsourced: { parameter: string; from: IsoDate; published: string; note: string; file: string; line: number }[];
  sources: StudioSource[];
}

export interface StudioCase {
  pack: string; file: string; line: number; name: string; date: IsoDate;
  passed: boolean; message: string | null;
  outcomes: { program: string; status: string; monthly: string | null; annual: string | null; at_least: boolean }[];
}

export interface StudioOverview {
  as_of: IsoDate;
  ok: boolean;
  errors: { code: string; message: string; file: string; line: number; column: number }[];
  places: StudioPlace[];
  cases: StudioCase[];
  lint: { file: string; line: number; code: string; message: string }[];
  coverage: string; coverage_gaps: number; figures: string;
}

/** A new dated value; every field is text as typed. */
export interface StudioChange {
  place: string; parameter: string; value: string;
  /** Empty: the parameter's unit. */
  unit?: string;
  from: IsoDate; known_until?: string; assumed?: string; article?: string;
  source: { existing?: string; title?: string; publisher?: string; doc_number?: string; date?: string; url?: string };
}

export interface StudioFieldError {
  /** value, unit, from, known_until, source, source.title, source.publisher, source.date, source.url, place, parameter (for a new place: code, name, name_en), or "" */
  field: string; code: string; message: string; file: string; line: number; column: number;
}

export type StudioRecorded =
  | { ok: false; errors: StudioFieldError[] }
  | { ok: true; changed: string[]; source: string | null; warnings: StudioFieldError[];
      case_changes: { before: StudioCase | null; after: StudioCase | null }[]; overview: StudioOverview };

export interface StudioFileChange {
  path: string; added: boolean; text: string; added_lines: number; removed_lines: number;
  hunks: { op: "=" | "-" | "+"; old: number | null; new: number | null; text: string }[][];
}

export interface StudioBundle {
  text: string; signed: boolean; public_key: string | null; sha256: string; files: number;
}

export type StudioPlaceAdded =
  | { ok: false; errors: StudioFieldError[] }
  | { ok: true; path: string; text: string; inherits: string[]; overview: StudioOverview };

/** Policy comparison and reform parameters (www/pkg-authoring only). */
/** A comparison side: the rules in force on `date`, with parameters set to new values. */
export interface ComparisonSide { date: IsoDate; set?: Record<string, number | string | boolean>; }

export interface ProgramTally {
  eligible: number; ineligible: number; needs_info: number; refer: number;
  /** Exact decimal strings. */
  monthly: string; annual: string;
}

export interface Comparison {
  households: number;
  malformed: number;
  programs: Record<string, {
    baseline: ProgramTally; reform: ProgramTally;
    newly_eligible: number; newly_ineligible: number; increased: number; decreased: number;
    cost_monthly: string; cost_annual: string;
    newly_eligible_ids: string[]; newly_ineligible_ids: string[];
  }>;
  /** The first lines that could not be assessed. */
  errors: { line: number; message: string }[];
}

export interface ParameterInfo {
  id: string; unit: string; type: "number" | "boolean" | "string" | "date" | "set";
  description?: Text; value: unknown; published?: string | null;
}
