import type { Detection } from './detection.ts';
import {
  type Detector,
  finding,
  NOT_AFTER_WORD,
  NOT_BEFORE_WORD,
  patternMatches,
  wordStarts,
} from './detector.ts';

/**
 * UK GDPR Article 9 special categories (other than health, which has its own detector) and
 * Article 10 criminal offence data. Each pattern is a phrase that states something about a
 * person, never a bare word that has other everyday senses ("union", "party", "Christmas").
 */
const FAITHS =
  "(?:Muslim|Christian|Catholic|Roman Catholic|Anglican|Methodist|Baptist|Jewish|Jew|Hindu|Sikh|Buddhist|Jain|Rastafarian|Mormon|Jehovah['\u2019]s Witness|atheist|agnostic|Quaker|Pagan)";
const PARTIES =
  '(?:Labour|Conservative|Tory|Liberal Democrats?|Lib Dems?|Green|Reform UK|Reform|SNP|Scottish National|Plaid Cymru|UKIP|DUP|Sinn F[eé]in|Alliance|SDLP|Communist|Socialist Workers?|Workers)';
const UNIONS =
  '(?:Unison|Unite|GMB|PCS|NEU|NASUWT|RCN|BMA|RMT|CWU|Usdaw|FBU|Prospect|UCU|Equity|NAHT|ASLEF|EIS)';
/** The union names of {@link UNIONS}, lower-cased. */
const UNION_STARTS = UNIONS.slice(3, -1).toLowerCase().split('|');
const SUBJECT =
  "(?:I am|I'm|I\u2019m|he is|she is|they are|we are|he's|she's|my (?:partner|husband|wife|son|daughter|client) is)";

/** Every first word followed by a space and every second word, as phrase starts. */
function words(firsts: readonly string[], seconds: readonly string[]): string[] {
  return firsts.flatMap((first) => seconds.map((second) => `${first} ${second}`));
}

interface Phrase {
  readonly name: string;
  readonly category:
    | 'religion'
    | 'ethnic-origin'
    | 'sexual-orientation'
    | 'political-opinion'
    | 'trade-union'
    | 'criminal-offence';
  readonly source: string;
  /** How every match of `source` begins, lower-cased: only words that begin so are tried. */
  readonly starts: readonly string[];
  readonly flags: string;
  readonly confidence: number;
}

const PHRASES: readonly Phrase[] = [
  {
    name: 'religion-self',
    category: 'religion',
    source: `${SUBJECT} (?:a |an )?(?:practising |devout |observant )?${FAITHS}`,
    starts: [
      'i am',
      "i'm",
      'i\u2019m',
      'he is',
      'she is',
      'they are',
      'we are',
      "he's",
      "she's",
      ...words(['my'], ['partner', 'husband', 'wife', 'son', 'daughter', 'client']),
    ],
    flags: 'giu',
    confidence: 0.8,
  },
  {
    name: 'religion-stated',
    category: 'religion',
    source: '(?:my|his|her|their) (?:religion|faith|religious beliefs?)(?: is| are|:)',
    starts: words(['my', 'his', 'her', 'their'], ['religio', 'faith']),
    flags: 'giu',
    confidence: 0.8,
  },
  {
    name: 'religion-term',
    category: 'religion',
    source:
      '(?:religious beliefs?|religion or belief|place of worship|(?:attends?|worships? at) (?:the |a |her |his |their )?(?:mosque|church|synagogue|gurdwara|mandir|temple))',
    starts: ['religio', 'place of worship', 'attend', 'worship'],
    flags: 'giu',
    confidence: 0.65,
  },
  {
    name: 'ethnic-origin',
    category: 'ethnic-origin',
    source:
      '(?:ethnic origin|ethnicity|racial origin|ethnic group|ethnic background|Gypsy,? Roma(?: or|,) Traveller|Irish Traveller|tarddiad ethnig|ethnigrwydd)',
    starts: ['ethnic', 'racial origin', 'gypsy', 'irish traveller', 'tarddiad ethnig', 'ethnigrwydd'],
    flags: 'giu',
    confidence: 0.7,
  },
  {
    name: 'sexual-orientation-term',
    category: 'sexual-orientation',
    source:
      '(?:sexual orientation|sexuality|gay|lesbian|bisexual|homosexual|heterosexual|queer|LGBTQ?\\+?|LGBTQIA\\+?|cyfeiriadedd rhywiol|hoyw|deurywiol)',
    starts: [
      'sexual',
      'gay',
      'lesbian',
      'bisexual',
      'homosexual',
      'heterosexual',
      'queer',
      'lgbt',
      'cyfeiriadedd rhywiol',
      'hoyw',
      'deurywiol',
    ],
    flags: 'giu',
    confidence: 0.7,
  },
  {
    name: 'political-membership',
    category: 'political-opinion',
    source: `(?:member|members|membership|supporter|activist|councillor|candidate) (?:of|for) the ${PARTIES} Party`,
    starts: ['member', 'supporter', 'activist', 'councillor', 'candidate'],
    flags: 'giu',
    confidence: 0.8,
  },
  {
    name: 'political-vote',
    category: 'political-opinion',
    source: `(?:I|we|he|she|they) (?:always |usually )?(?:vote|voted|support|supported) (?:for )?(?:the )?${PARTIES}(?: Party)?`,
    starts: words(['i', 'we', 'he', 'she', 'they'], ['always', 'usually', 'vote', 'support']),
    flags: 'gu',
    confidence: 0.75,
  },
  {
    name: 'political-opinion',
    category: 'political-opinion',
    source: '(?:political (?:opinions?|views|beliefs?|affiliation)|barn wleidyddol)',
    starts: ['political ', 'barn wleidyddol'],
    flags: 'giu',
    confidence: 0.7,
  },
  {
    name: 'trade-union-membership',
    category: 'trade-union',
    source: `(?:trade union (?:member(?:ship)?|rep(?:resentative)?)|member of (?:a |the |my )?trade union|(?:member|members|membership) of (?:the )?${UNIONS}|${UNIONS} (?:member|rep(?:resentative)?)|aelod o undeb llafur|undeb llafur)`,
    starts: ['trade union', 'member', 'aelod o undeb llafur', 'undeb llafur', ...UNION_STARTS],
    flags: 'gu',
    confidence: 0.75,
  },
  {
    name: 'trade-union-term',
    category: 'trade-union',
    source: '(?:trade union membership|trade union)',
    starts: ['trade union'],
    flags: 'giu',
    confidence: 0.6,
  },
  {
    name: 'criminal-record',
    category: 'criminal-offence',
    source:
      '(?:criminal (?:convictions?|records?|offences?|history|charges?)|(?:spent|unspent) convictions?|convicted of|pleaded guilty|found guilty|(?:served|serving) (?:a |an |his |her )?(?:\\d{1,2}[- ](?:year|month)[- ])?(?:prison|custodial) sentence|prison sentence|custodial sentence|released from prison|probation officer|on licence from prison|community order|suspended sentence|euogfarn(?:au)? troseddol|cofnod troseddol)',
    starts: [
      'criminal ',
      'spent convict',
      'unspent convict',
      'convicted of',
      'pleaded guilty',
      'found guilty',
      'served ',
      'serving ',
      'prison sentence',
      'custodial sentence',
      'released from prison',
      'probation officer',
      'on licence from prison',
      'community order',
      'suspended sentence',
      'euogfarn',
      'cofnod troseddol',
    ],
    flags: 'giu',
    confidence: 0.75,
  },
];

const COMPILED = PHRASES.map((p) => ({
  ...p,
  regex: new RegExp(`${NOT_AFTER_WORD}${p.source}${NOT_BEFORE_WORD}`, p.flags),
  starts: wordStarts(p.starts),
}));

/** Special-category and criminal-offence data (UK GDPR Articles 9 and 10). */
export const specialCategoryDetector: Detector = {
  id: 'special-category',
  type: 'SPECIAL_CATEGORY',
  patterns: COMPILED.map((p) => ({
    name: p.name,
    regex: p.regex,
    starts: p.starts,
    standard: `UK GDPR Art. ${p.category === 'criminal-offence' ? '10' : '9'}: ${p.category}`,
  })),
  contextWords: [],
  validate() {
    return true;
  },
  detect(text) {
    const out: Detection[] = [];
    for (const p of COMPILED) {
      for (const m of patternMatches(p, text)) {
        out.push(
          finding(this, text, {
            start: m.index,
            end: m.index + m[0].length,
            confidence: p.confidence,
            pattern: p.name,
            validation: 'not-applicable',
            attributes: { category: p.category },
          }),
        );
      }
    }
    // The more specific phrase wins where two overlap ("trade union member" over "trade union").
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Detection[] = [];
    for (const d of out) {
      const last = kept[kept.length - 1];
      if (last && d.start < last.end) continue;
      kept.push(d);
    }
    return kept;
  },
};
