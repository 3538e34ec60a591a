// Per-question statistics of a finished game (from GET /api/games/{id}): shared by the
// results page and the host's final screen, so both say the same numbers.

/**
 * Per question, how many of the game's players got it right. A player who did not
 * answer counts as not right: the share is of everyone who played, not only of those
 * who answered.
 */
export function questionStats(g) {
  return g.questions.map((q, i) => {
    const { right, answered } = q;
    const players = g.playerCount;
    const share = players ? Math.round((100 * right) / players) : 0;
    return { index: i, question: q, right, answered, players, share };
  });
}

/** The `n` hardest: lowest share right first, then the earlier question. */
export function hardest(stats, n = 3) {
  return [...stats].sort((a, b) => a.share - b.share || a.index - b.index).slice(0, n);
}

/** The right answer(s) as "B: Rome", joined with commas. */
export function answerText(q) {
  return q.correct.map((c) => `${String.fromCharCode(65 + c)}: ${q.choices[c]}`).join(', ');
}
