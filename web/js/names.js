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
