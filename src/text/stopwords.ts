// Function words that carry no topic. The list is deliberately short: a claim like "IL-6 is not
// elevated" still needs "elevated", and scientific text uses words ("can", "may") that generic
// stopword lists drop but that here rarely matter either way (tuned on SciFact train claims).
// Callers with a narrower purpose add their own words on top (the extractive summariser's
// academic filler, arXiv's request words), never a second copy of these.
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by did do does for from had has have he her his how i if in into is it its ' +
    'of on or our she so such than that the their them then there these they this those to was we were what when ' +
    'where which while who whom why will with would you your not no nor'
  ).split(' '),
);

/** True for a folded token (see tokenize) that names no topic. */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}
