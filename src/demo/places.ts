/**
 * Where demo contacts live: zones around the world weighted by how many of a salesperson's contacts
 * are there, with the names people there mostly have and phone numbers from ranges reserved for fiction.
 */
import type { Rng } from './random.js';

export type Region = 'na' | 'latam' | 'uk' | 'eu' | 'mea' | 'india' | 'apac' | 'anz';
export type Culture = 'na' | 'br' | 'latam' | 'gb' | 'ie' | 'fr' | 'de' | 'es' | 'nl' | 'se' | 'ae' | 'za' | 'in' | 'sg' | 'jp' | 'hk' | 'au' | 'nz';

export interface Place {
  zone: string;
  region: Region;
  /** Whose names people there mostly have. */
  culture: Culture;
  weight: number;
  legal: readonly string[];
  phone: (rng: Rng) => string;
}

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

// North American numbers use the 555-01xx range reserved for fiction; UK 07700 900xxx and
// Australian 0491 570xxx are the regulators' drama ranges.
const nanp = (area: string) => (rng: Rng) => `+1 ${area} 555 01${digits(rng, 2)}`;
export const PLACES: readonly Place[] = [
  { zone: 'America/New_York', region: 'na', culture: 'na', weight: 9, legal: ['Inc.', 'LLC', ''], phone: nanp('212') },
  { zone: 'America/Chicago', region: 'na', culture: 'na', weight: 6, legal: ['Inc.', 'LLC', ''], phone: nanp('312') },
  { zone: 'America/Denver', region: 'na', culture: 'na', weight: 3, legal: ['Inc.', ''], phone: nanp('303') },
  { zone: 'America/Phoenix', region: 'na', culture: 'na', weight: 2, legal: ['Inc.', ''], phone: nanp('602') },
  { zone: 'America/Los_Angeles', region: 'na', culture: 'na', weight: 8, legal: ['Inc.', ''], phone: nanp('415') },
  { zone: 'America/Toronto', region: 'na', culture: 'na', weight: 4, legal: ['Inc.', 'Ltd.'], phone: nanp('416') },
  { zone: 'America/Vancouver', region: 'na', culture: 'na', weight: 2, legal: ['Ltd.', ''], phone: nanp('604') },
  { zone: 'America/Sao_Paulo', region: 'latam', culture: 'br', weight: 3, legal: ['Ltda'], phone: (r) => `+55 11 9${digits(r, 4)}-${digits(r, 4)}` },
  { zone: 'America/Mexico_City', region: 'latam', culture: 'latam', weight: 2, legal: ['S.A. de C.V.'], phone: (r) => `+52 55 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'America/Bogota', region: 'latam', culture: 'latam', weight: 1, legal: ['S.A.S.'], phone: (r) => `+57 310 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Europe/London', region: 'uk', culture: 'gb', weight: 9, legal: ['Ltd'], phone: (r) => `+44 7700 900${digits(r, 3)}` },
  { zone: 'Europe/Dublin', region: 'uk', culture: 'ie', weight: 2, legal: ['Ltd'], phone: (r) => `+353 85 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Europe/Paris', region: 'eu', culture: 'fr', weight: 4, legal: ['SAS'], phone: (r) => `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Europe/Berlin', region: 'eu', culture: 'de', weight: 5, legal: ['GmbH'], phone: (r) => `+49 151 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Europe/Madrid', region: 'eu', culture: 'es', weight: 2, legal: ['S.L.'], phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}` },
  { zone: 'Europe/Amsterdam', region: 'eu', culture: 'nl', weight: 3, legal: ['B.V.'], phone: (r) => `+31 6 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Europe/Stockholm', region: 'eu', culture: 'se', weight: 2, legal: ['AB'], phone: (r) => `+46 70 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Europe/Zurich', region: 'eu', culture: 'de', weight: 1, legal: ['AG'], phone: (r) => `+41 79 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}` },
  { zone: 'Asia/Dubai', region: 'mea', culture: 'ae', weight: 2, legal: ['LLC', 'FZ-LLC'], phone: (r) => `+971 50 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Africa/Johannesburg', region: 'mea', culture: 'za', weight: 1, legal: ['(Pty) Ltd'], phone: (r) => `+27 82 ${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Asia/Kolkata', region: 'india', culture: 'in', weight: 7, legal: ['Pvt Ltd'], phone: (r) => `+91 98${digits(r, 3)} ${digits(r, 5)}` },
  { zone: 'Asia/Singapore', region: 'apac', culture: 'sg', weight: 3, legal: ['Pte Ltd'], phone: (r) => `+65 9${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Asia/Tokyo', region: 'apac', culture: 'jp', weight: 2, legal: ['K.K.'], phone: (r) => `+81 90 ${digits(r, 4)} ${digits(r, 4)}` },
  { zone: 'Asia/Hong_Kong', region: 'apac', culture: 'hk', weight: 1, legal: ['Ltd'], phone: (r) => `+852 9${digits(r, 3)} ${digits(r, 4)}` },
  { zone: 'Australia/Sydney', region: 'anz', culture: 'au', weight: 5, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Australia/Melbourne', region: 'anz', culture: 'au', weight: 3, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Australia/Brisbane', region: 'anz', culture: 'au', weight: 1, legal: ['Pty Ltd'], phone: (r) => `+61 491 570 ${digits(r, 3)}` },
  { zone: 'Pacific/Auckland', region: 'anz', culture: 'nz', weight: 2, legal: ['Ltd'], phone: (r) => `+64 21 ${digits(r, 3)} ${digits(r, 4)}` },
];

const names = (first: string, last: string) => ({ first: first.split(','), last: last.split(',') });
export const NAMES: Record<Culture, { first: readonly string[]; last: readonly string[] }> = {
  na: names(
    'Dana,Marcus,Jordan,Alicia,Kevin,Rachel,Tom,Megan,Luis,Sarah,Derek,Jasmine,Brian,Hannah,Carlos,Emily,Nate,Grace,Ethan,Maya,Ryan,Lauren,Tyrone,Kelsey,Priya,Wei',
    'Lee,Johnson,Patel,Nguyen,Garcia,Miller,Okafor,Brooks,Kim,Sullivan,Reyes,Carter,Walsh,Chen,Bennett,Morales,Foster,Hughes,Schwartz,Coleman',
  ),
  br: names('Ana,João,Mateus,Fernanda,Rafael,Mariana,Pedro,Beatriz,Thiago,Larissa', 'Silva,Oliveira,Souza,Costa,Pereira,Rocha,Almeida,Ferreira,Carvalho,Lima'),
  latam: names('Lucía,Diego,Camila,Andrés,Valentina,Santiago,Daniela,Javier,Sofía,Alejandro', 'Hernández,Ramírez,Gómez,Castillo,Torres,Vargas,Mendoza,Ruiz,Ortega,Cruz'),
  gb: names('Oliver,Charlotte,Harry,Amelia,Callum,James,Fiona,Rhys,Priya,Imogen,Tom,Hannah', 'Taylor,Evans,Walker,Wright,Thompson,Khan,Hughes,Clarke,Fletcher,Davies,Ahmed,Roberts'),
  ie: names('Siobhan,Niamh,Declan,Ciara,Conor,Aoife,Seán,Orla', "Murphy,O'Brien,Byrne,Kelly,Walsh,Doyle,Ryan,O'Connor"),
  fr: names('Camille,Julien,Inès,Thomas,Chloé,Antoine,Léa,Nicolas,Manon,Hugo', 'Martin,Dubois,Moreau,Lefèvre,Laurent,Girard,Bonnet,Fontaine,Rousseau,Mercier'),
  de: names('Lukas,Anke,Jonas,Clara,Felix,Laura,Tobias,Katrin,Maximilian,Sabine', 'Müller,Schneider,Keller,Fischer,Weber,Becker,Hoffmann,Wagner,Schäfer,Koch'),
  es: names('Pablo,Marta,Elena,Javier,Lucía,Sergio,Carmen,Álvaro,Nuria,Raúl', 'García,Fernández,López,Martínez,Sánchez,Romero,Navarro,Jiménez,Moreno,Serrano'),
  nl: names('Sanne,Daan,Lotte,Bram,Femke,Joris,Eva,Ruben,Anouk,Thijs', 'de Vries,Jansen,Bakker,Visser,Smit,de Jong,van Dijk,Mulder,Bos,Vos'),
  se: names('Erik,Ingrid,Astrid,Oskar,Elin,Johan,Maja,Anders,Freja,Linnea', 'Lindqvist,Berg,Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Holm,Sandberg'),
  ae: names('Omar,Layla,Farah,Youssef,Noura,Karim,Hessa,Rashid', 'Haddad,Al Mansouri,Khalil,Rahman,Saleh,Al Suwaidi,Nasser,Hamdan'),
  za: names('Thandi,Sipho,Lerato,Pieter,Naledi,Johan,Zanele,Ruan', 'Nkosi,Dlamini,Botha,van der Merwe,Mokoena,Naidoo,Pretorius,Khumalo'),
  in: names('Arjun,Priya,Rahul,Ananya,Vikram,Kavya,Rohan,Meera,Sanjay,Divya,Aditya,Neha', 'Sharma,Iyer,Banerjee,Reddy,Gupta,Mukherjee,Nair,Chatterjee,Desai,Rao'),
  sg: names('Wei,Jun,Darren,Mei,Ravi,Siti,Marcus,Xin,Farid,Joanne', 'Tan,Lim,Ng,Chua,Goh,Wong,Rahman,Teo,Koh,Pillai'),
  jp: names('Hiroshi,Yuki,Kenji,Aiko,Sakura,Takeshi,Haruka,Daisuke,Emi,Ren', 'Tanaka,Sato,Nakamura,Suzuki,Takahashi,Watanabe,Ito,Yamamoto,Kobayashi,Kato'),
  hk: names('Karen,Wing,Ethan,Mandy,Kelvin,Cheuk,Vivian,Alvin', 'Chan,Wong,Leung,Ho,Cheung,Lau,Yip,Tsang'),
  au: names('Liam,Chloe,Jack,Isla,Mitchell,Zoe,Lachlan,Ruby,Brooke,Hamish', 'Smith,Williams,Campbell,Kelly,Anderson,Robertson,McKenzie,Harris,Nguyen,Papadopoulos'),
  nz: names('Aroha,Tane,Hamish,Ruby,Mere,Sam,Kiri,Olivia', 'Ngata,Parata,Smith,Wilson,Tipene,Harris,Walker,Te Whata'),
};
