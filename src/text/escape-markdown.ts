/**
 * Escapes Markdown in untrusted text (paper titles, abstracts, user input) so it shows as typed:
 * it cannot become a link, emphasis, strike-through, spoiler (`||`), code, a heading, quote, list
 * or subtext line (`-#`). Escaping lengthens the text, so escape first and clip after.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_~`|[\]<]/g, '\\$&')
      // Line-leading markers: headings, quotes, lists, subtext.
      .replace(/^(\s*)([#>+-])/gm, '$1\\$2')
  );
}
