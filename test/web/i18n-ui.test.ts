import { describe, expect, it } from 'vitest';
import { uiAreas, uiPlural, uiText, uiTexts } from '../../src/i18n/ui.ts';

// Czech is a first-class language: every text the web app shows exists in both, with the same
// placeholders, and counted texts follow each language's plural rules.
describe('the web app texts', () => {
  it('has the same keys in English and Czech in every area', () => {
    for (const area of uiAreas) {
      expect(Object.keys(area.cs).sort()).toEqual(Object.keys(area.en).sort());
    }
  });

  it('has no key defined by two areas', () => {
    const seen = new Map<string, number>();
    uiAreas.forEach((area, index) => {
      for (const key of Object.keys(area.en)) {
        expect(seen.has(key), `${key} is in areas ${seen.get(key)} and ${index}`).toBe(false);
        seen.set(key, index);
      }
    });
  });

  it('uses the same placeholders in both languages and leaves no text empty', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(uiTexts.en)) {
      const en = uiTexts.en[key]!;
      const cs = uiTexts.cs[key]!;
      expect(en.trim(), key).not.toBe('');
      expect(cs.trim(), key).not.toBe('');
      expect(placeholders(cs), key).toEqual(placeholders(en));
    }
  });

  it('gives every plural family the forms its language needs', () => {
    const families = new Set(
      Object.keys(uiTexts.en)
        .filter((key) => /\.(one|few|many|other)$/.test(key))
        .map((key) => key.replace(/\.(one|few|many|other)$/, '')),
    );
    for (const family of families) {
      for (const form of ['one', 'other']) expect(uiTexts.en[`${family}.${form}`], `${family}.${form}`).toBeDefined();
      for (const form of ['one', 'few', 'many', 'other']) expect(uiTexts.cs[`${family}.${form}`], `cs ${family}.${form}`).toBeDefined();
    }
  });

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(uiText('en', 'avatar.menu', { name: 'Ada' })).toBe('Account menu for Ada');
    expect(uiText('cs', 'avatar.menu', { name: 'Ada' })).toBe('Nabídka účtu Ada');
    expect(uiText('en', 'avatar.menu')).toBe('Account menu for {name}');
  });

  it('picks Czech plural forms for 1, 2, 5 and 1.5', () => {
    const families = [
      ...new Set(
        Object.keys(uiTexts.cs)
          .filter((key) => key.endsWith('.few'))
          .map((key) => key.slice(0, -4)),
      ),
    ];
    for (const family of families) {
      expect(uiPlural('cs', family, 1)).toBe(uiText('cs', `${family}.one` as never, { count: '1' }));
      expect(uiPlural('cs', family, 2)).toBe(uiText('cs', `${family}.few` as never, { count: '2' }));
      expect(uiPlural('cs', family, 5)).toBe(uiText('cs', `${family}.other` as never, { count: '5' }));
      expect(uiPlural('cs', family, 1.5)).toBe(uiText('cs', `${family}.many` as never, { count: '1,5' }));
    }
  });
});
