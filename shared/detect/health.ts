import type { Detection } from './detection.ts';
import {
  contextMatcher,
  type Detector,
  finding,
  listedWordStarts,
  NOT_AFTER_WORD,
  NOT_BEFORE_WORD,
  patternMatches,
  wordStarts,
} from './detector.ts';

/**
 * Reviewed health terms (UK GDPR Article 9 "data concerning health"): diagnoses, conditions,
 * medicines and treatments. Strong terms name a condition or medicine outright; weaker terms
 * ("mental health", "prescribed") are health data in most, but not all, sentences.
 * Deliberately absent: "health", "healthy", "NHS", "GP", "hospital" on their own.
 */
const STRONG_TERMS = [
  'diabetes',
  'diabetic',
  'cancer',
  'leukaemia',
  'leukemia',
  'tumour',
  'depression',
  'schizophrenia',
  'schizophrenic',
  'bipolar disorder',
  'bipolar',
  'psychosis',
  'psychotic',
  'PTSD',
  'post-traumatic stress disorder',
  'OCD',
  'obsessive compulsive disorder',
  'personality disorder',
  'eating disorder',
  'anorexia',
  'bulimia',
  'self-harm',
  'self harm',
  'suicidal',
  'suicide attempt',
  'HIV',
  'AIDS',
  'hepatitis',
  'epilepsy',
  'epileptic',
  'seizures',
  'multiple sclerosis',
  'dementia',
  "alzheimer's",
  "parkinson's",
  'motor neurone disease',
  'stroke',
  'heart attack',
  'heart failure',
  'angina',
  'COPD',
  'asthma',
  'arthritis',
  'fibromyalgia',
  'chronic fatigue syndrome',
  'ME/CFS',
  'long covid',
  'autism',
  'autistic',
  'ADHD',
  'learning disability',
  'cerebral palsy',
  'muscular dystrophy',
  'spina bifida',
  'down syndrome',
  "down's syndrome",
  'kidney failure',
  'dialysis',
  'chemotherapy',
  'radiotherapy',
  'alcoholism',
  'alcohol dependency',
  'drug addiction',
  'substance misuse',
  'sertraline',
  'fluoxetine',
  'citalopram',
  'mirtazapine',
  'amitriptyline',
  'diazepam',
  'olanzapine',
  'quetiapine',
  'risperidone',
  'lithium',
  'clozapine',
  'methadone',
  'buprenorphine',
  'insulin',
  'metformin',
  'morphine',
  'tramadol',
  'gabapentin',
  'pregabalin',
  'antidepressants',
  'antidepressant',
  'antipsychotic',
  'diagnosed with',
  'terminally ill',
  'terminal illness',
  'pregnant',
  'pregnancy',
  'miscarriage',
  'clefyd siwgr',
  'diabetes math 1',
  'iselder',
  'canser',
  'dementia',
  'epilepsi',
];

const WEAKER_TERMS = [
  'anxiety',
  'panic attacks',
  'mental health',
  'mental illness',
  'mental health condition',
  'medical condition',
  'long-term condition',
  'prescribed',
  'prescription',
  'medication',
  'hospital admission',
  'admitted to hospital',
  'sectioned',
  'sick note',
  'fit note',
  'statement of fitness for work',
  'physiotherapy',
  'had surgery',
  'underwent surgery',
  'awaiting surgery',
  'cognitive behavioural therapy',
  'iechyd meddwl',
  'nodyn ffitrwydd',
  'meddyginiaeth',
];

function termPattern(terms: readonly string[]): string {
  return [...new Set(terms)]
    .sort((a, b) => b.length - a.length)
    .map((t) =>
      t
        .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
        .replace(/'/g, "['\u2019]?")
        .replace(/ /g, '[ -]'),
    )
    .join('|');
}

/** Acronyms that are ordinary words in other cases ("aids", "me") are matched case-sensitively. */
const CASE_SENSITIVE = new Set(['HIV', 'AIDS', 'PTSD', 'OCD', 'COPD', 'ADHD', 'ME/CFS']);
const STRONG = new RegExp(
  `${NOT_AFTER_WORD}(?:${termPattern(STRONG_TERMS.filter((t) => !CASE_SENSITIVE.has(t)))})${NOT_BEFORE_WORD}`,
  'giu',
);
const ACRONYMS = new RegExp(
  `${NOT_AFTER_WORD}(?:${termPattern([...CASE_SENSITIVE])})${NOT_BEFORE_WORD}`,
  'gu',
);
const WEAKER = new RegExp(`${NOT_AFTER_WORD}(?:${termPattern(WEAKER_TERMS)})${NOT_BEFORE_WORD}`, 'giu');

/** Words that make a nearby term about a person's health (raise) or deny it (lower). */
const HEALTH_CONTEXT = contextMatcher(
  [
    'diagnosed',
    'suffers from',
    'suffering from',
    'condition',
    'doctor',
    'GP',
    'consultant',
    'treatment',
    'medication',
    'hospital',
    'clinic',
    'symptoms',
    'meddyg',
    'triniaeth',
    'cyflwr',
  ],
  [],
);
const NEGATION = contextMatcher(
  ['no history of', 'no', 'not', 'never', 'denies', 'without', 'free of', 'negative for', 'ruled out', 'dim'],
  [],
);
/** Phrases that contain a term but are not about anyone's health. */
const NOT_HEALTH =
  /(?:cancer research|stroke association|mental health (?:act|awareness|first aid|services? directory)|(?:breast|heart) stroke|lithium(?:-ion)? batter|stroke of (?:luck|genius|midnight)|economic depression|great depression|tropical depression|mental health (?:and wellbeing )?(?:policy|strategy|week))/iy;

/** Health data: conditions, medicines, treatments. */
export const healthDetector: Detector = {
  id: 'health',
  type: 'HEALTH',
  patterns: [
    {
      name: 'condition-or-medicine',
      regex: STRONG,
      standard: 'UK GDPR Art. 9, reviewed term list (conditions, BNF medicines)',
      starts: listedWordStarts(STRONG_TERMS.filter((t) => !CASE_SENSITIVE.has(t))),
    },
    {
      name: 'condition-acronym',
      regex: ACRONYMS,
      standard: 'UK GDPR Art. 9, reviewed acronyms',
      starts: listedWordStarts([...CASE_SENSITIVE]),
    },
    {
      name: 'health-context-term',
      regex: WEAKER,
      standard: 'UK GDPR Art. 9, reviewed term list (care and treatment)',
      starts: listedWordStarts(WEAKER_TERMS),
    },
  ],
  contextWords: ['diagnosed', 'suffers from', 'condition', 'doctor', 'treatment', 'meddyg'],
  validate() {
    return true;
  },
  detect(text) {
    const out: Detection[] = [];
    for (const pattern of this.patterns) {
      for (const m of patternMatches(pattern, text)) {
        const start = m.index;
        const end = start + m[0].length;
        if (isNotHealthPhrase(text, start)) continue;
        const context = HEALTH_CONTEXT.find(text, start, end, { before: 50, after: 40 });
        const negation = NEGATION.find(text, start, end, { before: 20, after: 0 });
        let confidence = pattern.name === 'health-context-term' ? 0.55 : 0.75;
        if (context !== undefined) confidence += 0.15;
        // "no history of diabetes" still mentions health, so it is lowered, not dropped.
        if (negation !== undefined) confidence -= 0.35;
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: Math.round(Math.max(0.05, Math.min(1, confidence)) * 100) / 100,
            pattern: pattern.name,
            validation: 'not-applicable',
            context: negation === undefined ? context : `negated: ${negation}`,
          }),
        );
      }
    }
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  },
};

/** Where NOT_HEALTH phrases occur in the last text scanned: found once per text, not per term. */
const NOT_HEALTH_ANYWHERE = new RegExp(`${NOT_AFTER_WORD}(?:${NOT_HEALTH.source})`, 'giu');
/** The first word of each NOT_HEALTH phrase. */
const NOT_HEALTH_STARTS = wordStarts([
  'cancer',
  'stroke',
  'mental',
  'breast',
  'heart',
  'lithium',
  'economic',
  'great',
  'tropical',
]);
let phraseText: string | undefined;
let phraseSpans: { start: number; end: number }[] = [];

function isNotHealthPhrase(text: string, start: number): boolean {
  if (text !== phraseText) {
    phraseSpans = [...patternMatches({ regex: NOT_HEALTH_ANYWHERE, starts: NOT_HEALTH_STARTS }, text)].map(
      (m) => ({
        start: m.index,
        end: m.index + m[0].length,
      }),
    );
    phraseText = text;
  }
  // A phrase that begins up to 20 characters before the term and covers it ("Cancer Research",
  // "economic depression"). Phrases are few, so a linear look is enough.
  return phraseSpans.some((p) => p.start >= start - 20 && p.start <= start && p.end > start);
}
