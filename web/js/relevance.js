// relevance.js — evaluates a question's `relevant` condition (the pack's expression language,
// src/rules/expr.h) over the facts of a half-filled case. Deliberately tiny: conditions only read
// facts; an unknown name or a parse error makes the question relevant, so nothing is hidden by a typo.
//
//   expr := or;  or := and ("or" and)*;  and := unary ("and" unary)*;  unary := "not" unary | compare
//   compare := operand (("=="|"!="|"<"|"<="|">"|">=") operand | ["not"] "in" list)?
//   operand := "(" expr ")" | name | 'text' | "text" | number | true | false | null

const TOKEN = /\s*(?:(==|!=|<=|>=|<|>|\(|\)|\[|\]|,)|'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(text) {
  const out = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot read “${text.slice(TOKEN.lastIndex)}”`);
    if (m[1]) out.push({ op: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ lit: m[2] ?? m[3] });
    else if (m[4]) out.push({ lit: Number(m[4]) });
    else if (m[5] === 'true' || m[5] === 'false') out.push({ lit: m[5] === 'true' });
    else if (m[5] === 'null') out.push({ lit: null });
    else if (['and', 'or', 'not', 'in'].includes(m[5])) out.push({ op: m[5] });
    else out.push({ name: m[5] });
  }
  return out;
}

// Compiles a condition into a function of the facts (a plain object; a missing fact is null).
export function compile(text) {
  const t = tokenize(text);
  let i = 0;
  const peek = (op) => t[i] && t[i].op === op;
  const take = (op) => { if (!peek(op)) throw new Error(`expected ${op}`); i += 1; };
  const operand = () => {
    if (peek('(')) { take('('); const e = or(); take(')'); return e; }
    const tok = t[i++];
    if (!tok) throw new Error('unexpected end');
    if ('lit' in tok) return () => tok.lit;
    if ('name' in tok) return (f) => (f[tok.name] === undefined ? null : f[tok.name]);
    throw new Error(`unexpected ${tok.op}`);
  };
  const list = () => {
    take('[');
    const items = [operand()];
    while (peek(',')) { take(','); items.push(operand()); }
    take(']');
    return (f) => items.map((x) => x(f));
  };
  const compare = () => {
    const left = operand();
    const op = t[i] && t[i].op;
    if (['==', '!=', '<', '<=', '>', '>='].includes(op)) {
      i += 1;
      const right = operand();
      return (f) => {
        const a = left(f), b = right(f);
        switch (op) {
          case '==': return a === b;
          case '!=': return a !== b;
          case '<': return a !== null && b !== null && a < b;
          case '<=': return a !== null && b !== null && a <= b;
          case '>': return a !== null && b !== null && a > b;
          default: return a !== null && b !== null && a >= b;
        }
      };
    }
    let negate = false;
    if (peek('not') && t[i + 1] && t[i + 1].op === 'in') { negate = true; i += 1; }
    if (peek('in')) { take('in'); const l = list(); return (f) => l(f).includes(left(f)) !== negate; }
    return (f) => left(f) === true;
  };
  const unary = () => { if (peek('not')) { take('not'); const u = unary(); return (f) => !u(f); } return compare(); };
  const and = () => { let e = unary(); while (peek('and')) { take('and'); const l = e, r = unary(); e = (f) => l(f) && r(f); } return e; };
  const or = () => { let e = and(); while (peek('or')) { take('or'); const l = e, r = and(); e = (f) => l(f) || r(f); } return e; };
  const root = or();
  if (i !== t.length) throw new Error('trailing input');
  return root;
}

const cache = new Map();
// True when `condition` (or its absence) holds for `facts`.
export function isRelevant(condition, facts) {
  if (!condition) return true;
  if (!cache.has(condition)) {
    try { cache.set(condition, compile(condition)); } catch { cache.set(condition, () => true); }
  }
  return Boolean(cache.get(condition)(facts));
}
