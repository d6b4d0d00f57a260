/**
 * Seeded people and their corrupted duplicates, for measuring linking the way record-linkage
 * benchmarks do: the images hold the original person, the spreadsheet a copy typed again by
 * someone else (typos, names written as they sound, swapped or replaced words, a missing word, a
 * birth date with a slip or plainly wrong, empty cells). Names follow the shape of real registers: many cultures, a few
 * family and given names carried by many people, a long tail of rare family names, and on top
 * homonyms (same name, another birth date) and twins (same family and birth date).
 */

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const FAMILIES = `Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Jackson
Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell
Bennell Millar O'Brien MacDonald Murphy Kelly Bernard Dubois Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre
Michel David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François Müller Schmidt
Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter García Rodríguez González Fernández López Martínez
Sánchez Pérez Gómez Hernández Díaz Silva Santos Oliveira Souza Costa Pereira Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Haddad Khalil Mansour Nasser Saleh Ben-Ali El-Amrani
Bouazza Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin Nguyen Tran Le Pham Hoang Kim Lee Park Choi
Jung Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Patel Sharma Singh Kumar Gupta Reddy Iyer Okafor Adeyemi Mensah
Diallo Traoré Ndiaye Diop Hansen Johansson Andersson Nilsson Larsen Jansen Bakker Papadopoulos Georgiou Yılmaz Kaya Demir
Şahin Çelik Ivanov Petrov Novák Horváth Kovač Jovanović O'Connor Van-Dijk De-Vries De-Jong`.split(/\s+/).map((name) => name.replace(/-/g, ' '));

const MALE = `James John Robert Michael William David Richard Thomas Daniel Paul Mark George Jean Pierre Louis Nicolas Hugo
Lucas Jan Hans Lukas Jürgen José Juan Carlos Luis João Pedro Marco Luca Giuseppe Piotr Krzysztof Mohamed Ahmed Youssef Omar
Ali Karim Wei Jun Hao Minh Duc Min-jun Ji-hoon Hiroshi Takeshi Kenji Raj Arjun Amit Chinedu Kwame Mamadou Lars Erik Sven
Pieter Nikos Mehmet Mustafa Lachlan Liam Noah Oliver Jack Henry Samuel Benjamin Matteo Antoine Mathis Dmitri Ivan Tomasz`.split(/\s+/);
const FEMALE = `Mary Patricia Jennifer Linda Elizabeth Sarah Emma Olivia Charlotte Talia Hannah Marie Sophie Camille Léa Chloé
Manon Julie Anna Katharina Julia María Carmen Ana Lucía Giulia Francesca Agnieszka Katarzyna Fatima Aisha Amina Leila Mei
Xiu Lan Thi Ji-woo Seo-yeon Yuki Sakura Priya Ananya Deepa Ngozi Ama Aminata Ingrid Astrid Sanne Eleni Ayşe Elif Zeynep
Grace Chloe Isabella Amelia Lily Zandra Margaux Inès Clara Alice Jade Nadia Olga Irina Elena Sofia Laura Eva`.split(/\s+/);

const SYLLABLES = `ka to mi ra ne lo vi sa den berg ham ley son wick mar tel ris ton ell ard ov ski ak an ura chi bo zen fel
dor gan har ino kov mund nor pel quin ros sted tur ul vas wen yor zak ber cas dal ev fin gor hal ib jor kel lum`.split(/\s+/);

function shuffle<T>(items: readonly T[], next: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Zipf-like weights: the i-th most common name is drawn (i+1)^-s as often as the first. */
function zipf<T>(items: readonly T[], next: Random, s = 0.7): () => T {
  const shuffled = shuffle(items, next);
  const cumulative: number[] = [];
  let total = 0;
  shuffled.forEach((_, i) => {
    total += (i + 1) ** -s;
    cumulative.push(total);
  });
  return () => {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return shuffled[low]!;
  };
}

export interface Person {
  family: string;
  given: string;
  middle?: string;
  /** `YYYYMMDD`. */
  birthDate: string;
  sex: 'M' | 'F';
}

/** One patient as the images have it and, when the sheet has a row for it, the row's number. */
export interface LinkageCase {
  /** PN value as a scanner writes it. */
  dicomName: string;
  birthDate: string | undefined;
  sex: 'M' | 'F' | undefined;
  /** The row this patient truly is, undefined when the sheet has none. */
  row: number | undefined;
}

export interface LinkageRow {
  row: number;
  name: string;
  birthDate: string | undefined;
  sex: 'M' | 'F' | undefined;
}

export interface LinkageData {
  cases: LinkageCase[];
  rows: LinkageRow[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const pick = <T>(list: readonly T[], next: Random): T => list[Math.floor(next() * list.length)]!;

function randomDate(next: Random): string {
  const year = 1925 + Math.floor(next() * 95);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  return `${year}${pad(month)}${pad(day)}`;
}

function bare(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');
}

/** One keyboard slip: a letter dropped, doubled, replaced, or two swapped. */
function typo(word: string, next: Random): string {
  if (word.length < 3) return word;
  const at = 1 + Math.floor(next() * (word.length - 1));
  const kind = next();
  const letter = 'aeinorstlu'[Math.floor(next() * 10)]!;
  if (kind < 0.25) return word.slice(0, at) + word.slice(at + 1);
  if (kind < 0.5) return word.slice(0, at) + word[at - 1] + word.slice(at);
  if (kind < 0.75) return word.slice(0, at) + letter + word.slice(at + 1);
  if (at >= word.length - 1) return word.slice(0, at - 1) + word[at] + word[at - 1];
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

const SOUNDS: [RegExp, string][] = [[/ph/g, 'f'], [/ck/g, 'k'], [/c(?=[aou])/g, 'k'], [/y/g, 'i'], [/ie/g, 'y'], [/ou/g, 'u'], [/ee/g, 'ea'], [/([a-z])\1/g, '$1'], [/th/g, 't'], [/ai/g, 'ay'], [/z/g, 's']];

/** A name written as it sounds ("Stephen" as "Stefen"): what a phonetic slip does. */
function soundsLike(name: string, next: Random): string {
  const lower = name.toLowerCase();
  const options = SOUNDS.filter(([pattern]) => new RegExp(pattern.source).test(lower));
  if (options.length === 0) return name;
  const [pattern, replacement] = options[Math.floor(next() * options.length)]!;
  return lower.replace(pattern, replacement);
}

function typoIn(name: string, next: Random): string {
  const words = name.split(' ');
  const i = Math.floor(next() * words.length);
  words[i] = typo(words[i]!, next);
  return words.join(' ');
}

/** A slip in a `YYYYMMDD` date: one digit, two digits swapped, or day and month swapped. */
function dateSlip(date: string, next: Random): string {
  const kind = next();
  if (kind < 0.4) {
    const at = 2 + Math.floor(next() * 6);
    const digit = String((Number(date[at]) + 1 + Math.floor(next() * 8)) % 10);
    return date.slice(0, at) + digit + date.slice(at + 1);
  }
  if (kind < 0.7 && date.slice(4, 6) !== date.slice(6, 8) && Number(date.slice(6, 8)) <= 12) return date.slice(0, 4) + date.slice(6, 8) + date.slice(4, 6);
  const at = 4 + Math.floor(next() * 3);
  return date.slice(0, at) + date[at + 1] + date[at] + date.slice(at + 2);
}

/** The images' copy: `FAMILY^Given^Middle`, in capitals or as typed, accents sometimes lost. */
function dicomName(person: Person, next: Random): string {
  const parts = [person.family, person.given, ...(person.middle === undefined ? [] : [person.middle])];
  let text = parts.join('^');
  if (next() < 0.5) text = text.toUpperCase();
  if (next() < 0.3) text = bare(text);
  return text;
}

/** How often a name is written as it sounds. */
const PHONETIC = 0.05;

/** The sheet's copy of a person, typed again: what record-linkage benchmarks corrupt. */
function duplicate(person: Person, next: Random, draw: { given: (sex: 'M' | 'F') => string }): { name: string; birthDate: string | undefined; sex: 'M' | 'F' | undefined } {
  let family = person.family;
  let given = person.given;
  const middle = person.middle !== undefined && next() < 0.5 ? person.middle : undefined;
  const roll = next();
  if (roll < 0.05) given = draw.given(person.sex);
  else if (roll < 0.08) given = '';
  else if (roll < 0.1) family = '';
  if (next() < 0.2) family = family === '' ? family : typoIn(family, next);
  if (next() < 0.15) given = given === '' ? given : typoIn(given, next);
  if (next() < 0.05) family = family === '' ? family : typoIn(family, next);
  if (next() < PHONETIC) family = soundsLike(family, next);
  if (next() < PHONETIC) given = soundsLike(given, next);
  if (next() < 0.3) {
    family = bare(family);
    given = bare(given);
  }
  const swapped = next() < 0.1;
  const [first, last] = swapped ? [family, given] : [given, family];
  const words = [first, middle ?? '', last].filter((word) => word !== '');
  const style = next();
  let name = style < 0.5 ? words.join(' ') : style < 0.75 ? `${last.toUpperCase()}, ${[first, middle ?? ''].filter((w) => w !== '').join(' ')}` : words.join(' ').toLowerCase();
  name = name.replace(/^,\s*|,\s*$/g, '').trim();
  const dateRoll = next();
  let birthDate: string | undefined = person.birthDate;
  if (dateRoll < 0.04) birthDate = dateSlip(person.birthDate, next);
  else if (dateRoll < 0.06) birthDate = randomDate(next);
  else if (dateRoll < 0.11) birthDate = undefined;
  const sex = next() < 0.1 ? undefined : person.sex;
  return { name, birthDate, sex };
}

export interface LinkageSizes {
  /** People present in both the images and the sheet. */
  pairs: number;
  /** Patients of the images with no row. */
  imagesOnly: number;
  /** Rows with no images. */
  sheetOnly: number;
}

/** The images' patients and the sheet's rows for `seed`; rows numbered from 2 (line 1 is the header). */
export function linkageData(seed: number, sizes: LinkageSizes): LinkageData {
  const next = seededRandom(seed);
  const invented = (count: number, syllables: number) =>
    Array.from({ length: count }, () => {
      const parts = syllables + Math.floor(next() * 2);
      let word = '';
      for (let i = 0; i < parts; i++) word += pick(SYLLABLES, next);
      return word[0]!.toUpperCase() + word.slice(1);
    });
  const commonFamily = zipf(FAMILIES, next);
  const rareFamily = zipf(invented(4000, 2), next, 0.3);
  const rareGiven = zipf(invented(600, 2), next, 0.5);
  const male = zipf(MALE, next, 0.6);
  const female = zipf(FEMALE, next, 0.6);
  const draw = { given: (sex: 'M' | 'F') => (next() < 0.2 ? rareGiven() : sex === 'M' ? male() : female()) };
  const newPerson = (): Person => {
    const sex = next() < 0.5 ? 'M' : 'F';
    let family = next() < 0.5 ? commonFamily() : rareFamily();
    if (next() < 0.04) family = `${family}-${commonFamily()}`;
    const person: Person = { family, given: draw.given(sex), birthDate: randomDate(next), sex };
    if (next() < 0.15) person.middle = draw.given(sex);
    return person;
  };
  const people: Person[] = [];
  while (people.length < sizes.pairs) {
    const person = newPerson();
    people.push(person);
    const kin = next();
    if (kin < 0.02 && people.length < sizes.pairs) people.push({ ...newPerson(), family: person.family, birthDate: person.birthDate });
    else if (kin < 0.04 && people.length < sizes.pairs) people.push({ ...person, birthDate: randomDate(next) });
  }
  const rows: LinkageRow[] = [];
  const cases: LinkageCase[] = [];
  const addRow = (person: Person): number => {
    const copy = duplicate(person, next, draw);
    const row = rows.length + 2;
    rows.push({ row, ...copy });
    return row;
  };
  const addCase = (person: Person, row: number | undefined) => {
    cases.push({ dicomName: dicomName(person, next), birthDate: next() < 0.03 ? undefined : person.birthDate, sex: next() < 0.03 ? undefined : person.sex, row });
  };
  for (const person of people) addCase(person, addRow(person));
  for (let i = 0; i < sizes.imagesOnly; i++) addCase(newPerson(), undefined);
  for (let i = 0; i < sizes.sheetOnly; i++) addRow(newPerson());
  // The sheet's order says nothing about the images'.
  const order = shuffle(rows.map((_, i) => i), next);
  const renumber = new Map<number, number>();
  const shuffled = order.map((from, to) => {
    renumber.set(rows[from]!.row, to + 2);
    return { ...rows[from]!, row: to + 2 };
  });
  return { cases: cases.map((c) => ({ ...c, row: c.row === undefined ? undefined : renumber.get(c.row) })), rows: shuffled };
}
