#!/usr/bin/env node
// A minimal fact extractor in JavaScript speaking fact-harness's JSON-lines protocol.
//
//   fact-harness score --command "node examples/extractor.mjs"
//
// stdin:  one JSON article per line: {"id", "title", "published", "url", "outlet", "text"}
// stdout: one line per article, in order: {"article": <id>, "facts": [...]}
// stderr: free for logs (passed through).
// Each answer must reach fact-harness at once: write one whole line per article and flush it
// (process.stdout.write does; in Python use print(..., flush=True), in Perl $| = 1), or every
// article times out waiting for an answer still in the program's buffer.
//
// It finds troop counts ("90,000 troops") and four-digit years ("in 2014").
import { createInterface } from "node:readline";

const TROOPS = /\b(about |nearly |almost |more than )?(\d{1,3}(?:,\d{3})+|\d+) (?:Russian )?(troops|soldiers)\b/g;
const YEAR = /\bin ((?:19|20)\d{2})\b/g;

function extract(article) {
  const facts = [];
  for (const m of article.text.matchAll(TROOPS)) {
    facts.push({ type: "figure", value: Number(m[2].replaceAll(",", "")), unit: "troops",
                 approx: Boolean(m[1]), evidence: m[0] });
  }
  const years = new Set();
  for (const m of article.text.matchAll(YEAR)) years.add(m[1]);
  for (const y of years) facts.push({ type: "date", value: y });
  return facts;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const article = JSON.parse(line);
  process.stdout.write(JSON.stringify({ article: article.id, facts: extract(article) }) + "\n");
}
