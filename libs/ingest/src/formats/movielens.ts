import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Source } from '../source';
import { delimitedSource } from './line-source';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** MovieLens writes dates as 01-Jan-1995 (and once as 4-Feb-1971). */
export function movielensDate(text: string): string | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  return month < 0 ? undefined : `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

function readGenres(dir: string): string[] {
  // u.genre: "Action|1"; index = position of the flag in u.item.
  const genres: string[] = [];
  for (const line of readFileSync(join(dir, 'u.genre'), 'latin1').split('\n')) {
    const [name, index] = line.trim().split('|');
    if (name && index !== undefined) genres[Number(index)] = name;
  }
  return genres;
}

/**
 * MovieLens 100K onto the graph model: u.item → Product (title, genres; latin-1), u.user → User
 * (age, gender, occupation, zip), u.data → rating Events. Ids are MovieLens' own numbers.
 */
export function movielensSources(dir: string): Source[] {
  const genres = readGenres(dir);
  const products = delimitedSource('products', join(dir, 'u.item'), {
    format: 'movielens u.item',
    delimiter: '|',
    encoding: 'latin1',
    toRow: (f) => {
      if (f.length !== 5 + genres.length) return `expected ${5 + genres.length} fields, found ${f.length}`;
      const flags = f.slice(5);
      return {
        id: f[0],
        name: f[1],
        category: 'movie',
        genres: genres.filter((_, i) => flags[i] === '1'),
        release_date: f[2] ? (movielensDate(f[2]) ?? f[2]) : undefined,
      };
    },
  });
  const users = delimitedSource('users', join(dir, 'u.user'), {
    format: 'movielens u.user',
    delimiter: '|',
    encoding: 'latin1',
    toRow: (f) => (f.length === 5 ? { id: f[0], age: f[1], gender: f[2], occupation: f[3], zip: f[4] } : `expected 5 fields, found ${f.length}`),
  });
  const events = delimitedSource('events', join(dir, 'u.data'), {
    format: 'movielens u.data',
    delimiter: '\t',
    encoding: 'latin1',
    toRow: (f) =>
      f.length === 4
        ? { id: `ml-${f[0]}-${f[1]}`, user_id: f[0], product_id: f[1], type: 'rating', value: f[2], timestamp: f[3] }
        : `expected 4 tab-separated fields, found ${f.length}`,
  });
  return [products, users, events];
}
