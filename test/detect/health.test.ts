import { describe, expect, it } from 'vitest';
import { healthDetector } from '../../shared/detect/health.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: HEALTH', () => {
  it.each([
    ['He was diagnosed with diabetes in 2019.', ['diagnosed with', 'diabetes']],
    ['I take sertraline for depression', ['sertraline', 'depression']],
    ['She has multiple sclerosis', ['multiple sclerosis']],
    ['My GP says my mental health is getting worse', ['mental health']],
    ['Attached is my fit note', ['fit note']],
    ['He is HIV positive', ['HIV']],
    ['prescribed methadone', ['prescribed', 'methadone']],
    ["Alzheimer's disease", ["Alzheimer's"]],
    ['Mae ganddo iselder', ['iselder']],
    ['waiting for chemotherapy after a hospital admission', ['chemotherapy', 'hospital admission']],
  ])('finds %j', (text, expected) => {
    expect(values(healthDetector, text)).toEqual(expected);
  });

  it.each([
    ['healthy', 'A healthy lunch'],
    ['health and safety', 'Health and safety training'],
    ['NHS alone', 'The NHS website'],
    ['hearing aids', 'He uses hearing aids'],
    ['a charity', 'A donation to Cancer Research UK'],
    ['a figure of speech', 'It was a stroke of luck'],
    ['a battery', 'lithium battery recall'],
    ['a GP surgery', 'The surgery opens at 8am'],
    ['a policy title', 'See our mental health policy'],
  ])('ignores %s', (_why, text) => {
    expect(values(healthDetector, text)).toEqual([]);
  });

  it('lowers confidence when the term is negated', () => {
    const [f] = run(healthDetector, 'no history of epilepsy', 0);
    expect(f?.confidence).toBeLessThan(0.5);
    expect(f?.context).toBe('negated: no history of');
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(healthDetector));
});
