// "Did you mean …?" for a mistyped flag, command or config key: the closest known word by edit
// distance, when it is close enough to be a typo rather than a different word.

/** Levenshtein distance, two rows at a time: the words are short (flags, keys). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The known word nearest `word`, if within a third of its length (at least 2, at most 3 edits). */
export function closest(word: string, known: Iterable<string>): string | undefined {
  // Two edits at least: a swapped pair of letters (scna, tagret) is two.
  const limit = Math.min(3, Math.max(2, Math.floor(word.length / 3)));
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { word: candidate, distance };
  }
  return best?.word;
}

/** " (did you mean --target?)", or nothing. */
export function didYouMean(word: string, known: Iterable<string>, prefix = ''): string {
  const match = closest(word, known);
  return match === undefined ? '' : ` (did you mean ${prefix}${match}?)`;
}
