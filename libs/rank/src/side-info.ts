import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Optional attributes of users and items, over the train data's dense indexes. Every part is
 * optional: a bare interaction log has none, MovieLens has demographics and genres, the
 * connected-home graph has product categories. The feature extractor uses what is there.
 */
export interface SideInfo {
  /** Numeric user attributes (e.g. age); NaN where unknown. */
  userNumeric?: Record<string, Float32Array>;
  /** Categorical user attributes (e.g. gender, occupation) as codes 0..values-1, -1 where unknown. */
  userCategorical?: Record<string, { codes: Int32Array; values: string[] }>;
  /** Numeric item attributes (e.g. release year); NaN where unknown. */
  itemNumeric?: Record<string, Float32Array>;
  /** Item categories (genres, product categories): multi-label, CSR style over item indexes. */
  itemCategories?: { names: string[]; offsets: Int32Array; categories: Int32Array };
}

/** Dense index of each external id. */
function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/**
 * MovieLens 100K side information (u.user: id|age|gender|occupation|zip; u.item: id|title|release
 * date|video date|url|19 genre flags; u.genre: name|index), mapped onto the dense indexes of the
 * interactions read from u.data. Files that are absent are skipped, so a folder with u.data alone
 * gives empty side information. u.item is latin-1; only ASCII fields are read from it.
 */
export function readMovielensSideInfo(dir: string, userIds: readonly string[], itemIds: readonly string[]): SideInfo {
  const side: SideInfo = {};
  const read = (name: string): string[] | undefined => {
    try {
      return readFileSync(join(dir, name), 'latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
    } catch {
      return undefined;
    }
  };
  const users = read('u.user');
  if (users) {
    const index = indexOf(userIds);
    const age = new Float32Array(userIds.length).fill(Number.NaN);
    const gender = new Int32Array(userIds.length).fill(-1);
    const occupation = new Int32Array(userIds.length).fill(-1);
    const genders: string[] = [];
    const occupations: string[] = [];
    const code = (values: string[], value: string): number => {
      let c = values.indexOf(value);
      if (c < 0) c = values.push(value) - 1;
      return c;
    };
    for (const line of users) {
      const [id, a, g, o] = line.split('|');
      const u = index.get(id);
      if (u === undefined) continue;
      age[u] = Number(a);
      gender[u] = code(genders, g);
      occupation[u] = code(occupations, o);
    }
    side.userNumeric = { age };
    side.userCategorical = { gender: { codes: gender, values: genders }, occupation: { codes: occupation, values: occupations } };
  }
  const items = read('u.item');
  if (items) {
    const index = indexOf(itemIds);
    const genreNames = (read('u.genre') ?? []).map((l) => l.split('|')[0]);
    const year = new Float32Array(itemIds.length).fill(Number.NaN);
    const lists: number[][] = Array.from({ length: itemIds.length }, () => []);
    for (const line of items) {
      const fields = line.split('|');
      const i = index.get(fields[0]);
      if (i === undefined) continue;
      const date = /(\d{4})$/.exec(fields[2] ?? '');
      if (date) year[i] = Number(date[1]);
      const flags = fields.slice(5);
      flags.forEach((flag, g) => {
        if (flag === '1') lists[i].push(g);
      });
      while (genreNames.length < flags.length) genreNames.push(`genre${genreNames.length}`);
    }
    side.itemNumeric = { release_year: year };
    side.itemCategories = categoriesFromLists(genreNames, lists);
  }
  return side;
}

/** Per-item category lists to the CSR form of SideInfo.itemCategories. */
export function categoriesFromLists(names: string[], lists: readonly number[][]): NonNullable<SideInfo['itemCategories']> {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
  const categories = new Int32Array(offsets[lists.length]);
  lists.forEach((l, i) => categories.set(l, offsets[i]));
  return { names, offsets, categories };
}
