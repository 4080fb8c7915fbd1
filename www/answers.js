// The household's answers: reading and writing them at a question's path, dropping the ones a
// changed answer has made irrelevant, and estimating how many questions remain. Which answers
// still matter and how many questions a person brings are always the engine's word: an answer
// matters when the engine would ask for it again were it unknown.

function parsePath(path) {
  const out = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The value at `path` (`members[0].income`), or undefined. */
export function getPath(obj, path) {
  let v = obj;
  for (const k of parsePath(path) || []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k];
  }
  return v;
}

/** Writes `value` at `path`, creating the objects and lists on the way. */
export function setPath(obj, path, value) {
  const keys = parsePath(path);
  if (!keys) return;
  let v = obj;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) { v[k] = value; return; }
    if (v[k] === null || typeof v[k] !== 'object') v[k] = typeof keys[i + 1] === 'number' ? [] : {};
    v = v[k];
  });
}

/** Removes the answer at `path` (the household then says nothing of it: unknown). */
export function deletePath(obj, path) {
  const keys = parsePath(path);
  if (!keys) return;
  const last = keys.pop();
  const parent = keys.length ? getPath(obj, path.slice(0, path.lastIndexOf('.'))) : obj;
  if (parent && typeof parent === 'object' && !Array.isArray(parent)) delete parent[last];
}

const asks = (engine, hh, date, topic, path) => {
  try {
    return engine.nextQuestions(hh, date, topic).some((q) => q.path === path);
  } catch {
    return true; // A household the engine refuses without this answer: keep the answer.
  }
};

/** Whether the answer at `path` still matters: without it, the engine would ask for it. */
function matters(engine, hh, date, topic, path) {
  const without = structuredClone(hh);
  deletePath(without, path);
  return asks(engine, without, date, topic, path);
}

/**
 * The answers that a changed answer has made irrelevant. `before` and `after` are the household
 * with the old and the new answer; `paths` are the answers given after the changed one (as they
 * read in `after`). An answer is dropped when it mattered before the change and no longer does;
 * one is dropped at a time, latest first, and an answer is kept again when dropping the others
 * makes it matter (two answers can each decide a result the other also decides).
 * @returns {{ household: object, dropped: string[] }}
 */
export function dropStale(engine, before, after, paths, date, topic, beforePaths = paths) {
  const hh = structuredClone(after);
  const dropped = [];
  paths.forEach((path, i) => {
    if (getPath(hh, path) === undefined) return;
    if (!matters(engine, before, date, topic, beforePaths[i])) return;
    if (matters(engine, hh, date, topic, path)) return;
    dropped.push({ path, value: getPath(hh, path) });
    deletePath(hh, path);
  });
  // Kept again: any dropped answer that the household without all of them asks for.
  for (let again = true; again;) {
    again = false;
    const asked = new Set(engine.nextQuestions(hh, date, topic).map((q) => q.path));
    for (const d of dropped) {
      if (!d.kept && asked.has(d.path)) { setPath(hh, d.path, d.value); d.kept = true; again = true; }
    }
  }
  return { household: hh, dropped: dropped.filter((d) => !d.kept).map((d) => d.path) };
}

/**
 * What the engine says a list of people will bring: with the list still unanswered, how many
 * questions one person brings and how many each further person adds (probed by asking the engine
 * about the household with one and with two people).
 */
export function perPerson(engine, hh, date, topic, list) {
  const people = list === 'members'
    ? [{ id: 'p1', relation: 'applicant' }, { id: 'p2', relation: 'spouse' }]
    : [{ id: 's1', relation: 'child' }, { id: 's2', relation: 'child' }];
  const count = (n) => {
    const probe = structuredClone(hh);
    probe[list] = people.slice(0, n);
    try {
      return engine.nextQuestions(probe, date, topic).filter((q) => q.person).length;
    } catch {
      return 0;
    }
  };
  const one = count(1);
  return { first: one, each: Math.max(0, count(2) - one) };
}

const RANK = { ineligible: 0, needs_info: 1, refer: 2, eligible: 3 };

/**
 * What "none of these" decides on the status question at `path`: for each word, the programs
 * whose result is better when the word is ticked than when nothing is (a higher status or a
 * larger amount), so the page can say what leaving it unticked costs. Engine results only.
 * @returns {Map<string, { zh: string, en: string }[]>} word → names of the programs it changes
 */
export function statusConsequences(engine, hh, path, words, date, topic) {
  const run = (value) => {
    const probe = structuredClone(hh);
    setPath(probe, path, value);
    try {
      // Decisions only: the explanation is not shown, and building it is most of an assessment.
      return new Map(engine.decide(probe, date, topic).map((p) => [p.id, p]));
    } catch {
      return null;
    }
  };
  const base = run([]);
  const out = new Map();
  if (!base) return out;
  for (const w of words) {
    const with_ = run([w]);
    if (!with_) continue;
    const better = [];
    for (const [id, p] of with_) {
      const b = base.get(id);
      if (!b) continue;
      const up = RANK[p.status] > RANK[b.status]
        || (p.status === b.status && Number(p.amount?.annual ?? p.amount?.once ?? 0) > Number(b.amount?.annual ?? b.amount?.once ?? 0));
      if (up) better.push(p.name);
    }
    if (better.length) out.set(w, better);
  }
  return out;
}
