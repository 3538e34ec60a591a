// Random nicknames for players who cannot think of one.

const ADJECTIVES = ['Brave', 'Clever', 'Cosmic', 'Dizzy', 'Fuzzy', 'Giddy', 'Jolly', 'Lucky',
  'Mighty', 'Nimble', 'Plucky', 'Quick', 'Sneaky', 'Sunny', 'Swift', 'Witty', 'Zesty', 'Snappy'];
const NOUNS = ['Badger', 'Comet', 'Falcon', 'Llama', 'Otter', 'Panda', 'Penguin', 'Pickle',
  'Quokka', 'Rocket', 'Walrus', 'Wombat', 'Yeti', 'Narwhal', 'Koala', 'Gecko', 'Moose', 'Toucan'];

/** A name like "Witty Wombat" (at most 24 characters). */
export function randomName() {
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  return `${pick(ADJECTIVES)} ${pick(NOUNS)}`;
}

/** Longest name in characters as people count them (grapheme clusters), as the server does. */
export const MAX_NAME_CHARS = 24;

/** How many characters a reader sees in `text`: 👨‍👩‍👧 is one, not eight UTF-16 units. */
export function graphemeCount(text) {
  if (typeof Intl === 'object' && Intl.Segmenter) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
    return n;
  }
  return [...text].length; // old browsers: code points, never more than the server's count
}
