/** An article's place in an uploaded text: characters [from, to) (the API's `articles` entries). */
export interface ArticleSpan {
  article: string;
  from: number;
  to: number;
}

/** A heading that opens an article: "Article 5", "Art. 5", "ARTICLE VI", "المادة 5" at a line's start. */
const HEADING = /^[ \t]*(?:article|art\.|المادة)[ \t]+([0-9]+|[ivxlcdm]+)\b/gimu;

/**
 * The articles of a treaty text found by their headings, each running to the next heading (or the end).
 * Names are normalised to "Art. N" (Roman numerals kept as written, upper-cased), the form the obligation
 * engine cites; a heading repeated later (a cross-reference that starts a line) keeps only its first span.
 */
export function detectArticles(text: string): ArticleSpan[] {
  const starts: { article: string; from: number }[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(HEADING)) {
    const article = `Art. ${match[1].toUpperCase()}`;
    if (seen.has(article)) continue;
    seen.add(article);
    starts.push({ article, from: match.index });
  }
  return starts.map((start, index) => ({
    ...start,
    to: index + 1 < starts.length ? starts[index + 1].from : text.length,
  }));
}
