// Measure the peer libraries on the same text as newsmark: words per second
// of their full pipeline (entities + quotes where they have them) and peak
// resident memory. Usage: node peers.js LIBRARY FILE RUNS
// Prints one line: "<library> <words/s> <peak MB> <entities> <quotes>".
'use strict';
const fs = require('fs');

const [lib, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const text = fs.readFileSync(file, 'utf8');
const words = (text.match(/\S+/g) || []).length;

function peakMB() {
  const s = fs.readFileSync('/proc/self/status', 'utf8');
  const m = s.match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

let analyse;
if (lib === 'compromise') {
  const nlp = require('compromise');
  nlp.plugin(require('compromise-dates'));
  analyse = (t) => {
    const doc = nlp(t);
    const ents = doc.people().length + doc.places().length + doc.organizations().length
      + doc.dates().length + doc.money().length;
    const quotes = doc.quotations().length;
    return [ents, quotes];
  };
} else if (lib === 'wink-nlp') {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  analyse = (t) => {
    const doc = nlp.readDoc(t);
    return [doc.entities().length(), 0];
  };
} else {
  console.error(`peers.js: unknown library ${lib}`);
  process.exit(2);
}

// The peers work on paragraphs, as an editor would feed them; the whole text
// at once makes compromise slower still.
const paras = text.split(/\n\s*\n/);
let best = Infinity, counts = [0, 0];
for (let r = 0; r < runs; r++) {
  const t0 = process.hrtime.bigint();
  let e = 0, q = 0;
  for (const p of paras) {
    const [a, b] = analyse(p);
    e += a; q += b;
  }
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  if (dt < best) best = dt;
  counts = [e, q];
}
console.log(`${lib} ${(words / best).toFixed(0)} ${peakMB().toFixed(1)} ${counts[0]} ${counts[1]}`);
