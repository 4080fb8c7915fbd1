// Resolves a result written with references (Engine.assessWithRefs): each citation, traced
// parameter and stale figure is written once, in the lists `citations`, `parameters` and
// `stale`, and named elsewhere by its index there. The result, in place, becomes what
// Engine.assess gives, with the listed objects shared rather than copied. No rule logic: the
// format only. Portals may import this module as it is.

/** Resolves `r` in place and returns it. */
export function resolveRefs(r) {
  const { citations = [], parameters = [], stale = [] } = r;
  delete r.citations;
  delete r.parameters;
  delete r.stale;
  for (const x of [...parameters, ...stale]) {
    if (typeof x.citation === 'number') x.citation = citations[x.citation];
  }
  walk(r, citations, parameters, stale);
  return r;
}

function walk(v, citations, parameters, stale) {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') walk(x, citations, parameters, stale);
    return;
  }
  for (const k in v) {
    const x = v[k];
    if (x === null || typeof x !== 'object') {
      if (k === 'citation' && typeof x === 'number') v[k] = citations[x];
    } else if (k === 'parameters' && Array.isArray(x)) {
      v[k] = x.map((i) => parameters[i]);
    } else if (k === 'stale' && Array.isArray(x)) {
      v[k] = x.map((i) => stale[i]);
    } else {
      walk(x, citations, parameters, stale);
    }
  }
}
