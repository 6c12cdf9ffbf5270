import { describe, expect, it } from 'vitest';
import { detectArticles } from './document-articles.js';

describe('detectArticles', () => {
  it('marks each article from its heading to the next heading', () => {
    const text = 'Preamble.\nArticle 1\nThe parties agree.\nArt. 2\nThey consult.\n';
    const spans = detectArticles(text);
    expect(spans).toEqual([
      { article: 'Art. 1', from: 10, to: 39 },
      { article: 'Art. 2', from: 39, to: text.length },
    ]);
    expect(text.slice(spans[0].from, spans[0].to)).toBe('Article 1\nThe parties agree.\n');
  });

  it('reads Roman numerals and Arabic headings, and keeps only the first span of a repeated heading', () => {
    const text = 'ARTICLE VI\nPriority.\nالمادة 2\nنص.\nArticle VI\n(repeated)';
    expect(detectArticles(text).map((s) => s.article)).toEqual(['Art. VI', 'Art. 2']);
  });

  it('finds nothing in a text without headings, and ignores "article" inside a line', () => {
    expect(detectArticles('')).toEqual([]);
    expect(detectArticles('See article 5 of the Pact.')).toEqual([]);
  });
});
