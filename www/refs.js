// Resolves a result written with references (Engine.assessWithRefs): each citation, traced
// parameter, stale figure and traced fact or value is written once, in the lists `citations`,
// `parameters`, `stale` and `inputs`, and named elsewhere by its index there. The result, resolved in place, becomes
// what Engine.assess gives, in the same order, with the listed objects shared rather than copied. No rule logic: the
// format only. Portals may import this module as it is.
//
// A caller that asked with `held` (how many pieces it keeps) passes the list it keeps: the
// result's `pieces` are appended to it at `pieces_from`, and every citation, text and test the
// result names by index is taken from it. A reason's criterion, text, test and citation are then
// one piece, named by `rule`. Keep one list per engine and per language.

/** Fields whose number, in a result asked with `held`, is the index of a piece. */
const PIECES = new Set(['citation', 'text', 'test', 'note', 'name', 'apply_at', 'description', 'instead_name', 'label']);

/** Resolves `r` in place and returns it; `held`: the caller's kept pieces, if it asked with `held`. */
export function resolveRefs(r, held) {
  const { citations = [], parameters = [], stale = [], inputs = [], pieces = [], pieces_from: from } = r;
  for (const k of ['citations', 'parameters', 'stale', 'inputs', 'pieces', 'pieces_from']) delete r[k];
  let cited = citations;
  let kept = null;
  if (typeof from === 'number') {
    if (!Array.isArray(held) || held.length < from) {
      throw new Error(`resolveRefs: the result continues a list of ${from} pieces, and ${Array.isArray(held) ? held.length : 'none'} are held`);
    }
    held.length = from;
    for (const p of pieces) held.push(p);
    cited = held;
    kept = held;
  }
  // The listed parameters and stale figures name their citations and texts by index too.
  walk(parameters, cited, [], [], [], kept);
  walk(stale, cited, [], [], [], kept);
  return walk(r, cited, parameters, stale, inputs, kept);
}

/** Resolves `v` in place; returns it, or the object that replaces it (a reason named by its rule). */
function walk(v, citations, parameters, stale, inputs, kept) {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') {
        const r = walk(x, citations, parameters, stale, inputs, kept);
        if (r !== x) v[i] = r;
      }
    }
    return v;
  }
  let rule;
  for (const k in v) {
    const x = v[k];
    if (x === null || typeof x !== 'object') {
      if (typeof x !== 'number') continue;
      if (k === 'citation') v[k] = citations[x];
      else if (kept && PIECES.has(k)) v[k] = kept[x];
      else if (kept && k === 'rule') rule = kept[x];
    } else if (k === 'parameters' && Array.isArray(x)) {
      v[k] = x.map((i) => parameters[i]);
    } else if (k === 'stale' && Array.isArray(x)) {
      v[k] = x.map((i) => stale[i]);
    } else if ((k === 'inputs' || k === 'values') && Array.isArray(x)) {
      v[k] = x.map((i) => (typeof i === 'number' ? inputs[i] : i));
    } else if (k === 'documents' && kept && Array.isArray(x)) {
      v[k] = x.map((i) => (typeof i === 'number' ? kept[i] : i));
    } else {
      const r = walk(x, citations, parameters, stale, inputs, kept);
      if (r !== x) v[k] = r;
    }
  }
  if (!rule) return v;
  // A reason's rule: a new object in the order Engine.assess writes a reason (deleting `rule`
  // from the parsed one would leave it in the JS engine's slow dictionary mode:
  // parsing and resolving a result took 39 % less time without it).
  const out = { criterion: rule.criterion, outcome: v.outcome, text: kept[rule.text], test: kept[rule.test], citation: kept[rule.citation] };
  for (const k in v) if (k !== 'rule' && k !== 'outcome') out[k] = v[k];
  return out;
}
