// Renders an HTML-only message body as readable plain text, so intake, language
// detection and the ticket history always have a text body to work with. The HTML
// comes from anyone on the internet: it is parsed by htmlparser2 and rendered by
// html-to-text, and the work per message is bounded (length and nesting) so that
// no message can hold the event loop.
import { compile } from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import { Parser, Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';

/** HTML beyond this many characters is not rendered (the full HTML stays on the message). */
export const HTML_TEXT_MAX_CHARS = 512 * 1024;

/**
 * Deepest element nesting rendered with structure. htmlparser2 keeps its open
 * elements in an array it shifts at the front, so its cost grows with depth
 * times elements; real mail (tables in tables, a long thread of quotes) stays
 * far below this. Deeper documents are rendered as flat text.
 */
export const HTML_MAX_NESTING = 256;

const RENDER_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // The input is already cut to HTML_TEXT_MAX_CHARS; the library's own cut would only warn on the console.
  limits: { maxInputLength: HTML_TEXT_MAX_CHARS + 1, maxDepth: HTML_MAX_NESTING + 8, ellipsis: '…' },
  selectors: [
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, noAnchorUrl: true } },
    // Logos and tracking pixels say nothing a reader needs.
    { selector: 'img', format: 'skip' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
    // One line per row, cells apart: html-to-text's column layout (dataTable) costs far more per cell
    // than a message may spend, and layout tables would come out as columns.
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'tableCell' },
    { selector: 'th', format: 'tableCell' },
    { selector: 'hr', options: { length: 4 } },
  ],
};

const render = compile({
  ...RENDER_OPTIONS,
  formatters: {
    tableCell(elem, walk, builder) {
      walk(elem.children, builder);
      builder.addLiteral('\t');
    },
  },
});

const TOO_DEEP = Symbol('too deep');

/** Whether htmlparser2 ever holds more than `limit` open elements; stops reading as soon as it does. */
function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > limit) throw TOO_DEEP;
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.end(html);
    return false;
  } catch (error) {
    if (error === TOO_DEEP) return true;
    throw error;
  }
}

const FLAT_BREAKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'footer', 'form', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);
const FLAT_HIDDEN = new Set(['script', 'style', 'title', 'head']);

/**
 * Text of a document nested too deep to render with structure: one linear pass of
 * htmlparser2's tokenizer, which keeps no stack. Block elements break lines;
 * scripts, styles and the head are left out.
 */
function flatText(html: string): string {
  const parts: string[] = [];
  let tag = '';
  let hidden = 0;
  const callbacks: TokenizerCallbacks = {
    ontext(start, end) {
      if (hidden === 0) parts.push(html.slice(start, end));
    },
    ontextentity(codepoint) {
      if (hidden === 0) parts.push(String.fromCodePoint(codepoint));
    },
    onopentagname(start, end) {
      tag = html.slice(start, end).toLowerCase();
    },
    onopentagend() {
      if (FLAT_HIDDEN.has(tag)) hidden++;
      if (FLAT_BREAKS.has(tag)) parts.push('\n');
    },
    onselfclosingtag() {
      if (FLAT_BREAKS.has(tag)) parts.push('\n');
    },
    onclosetag(start, end) {
      tag = html.slice(start, end).toLowerCase();
      if (FLAT_HIDDEN.has(tag) && hidden > 0) hidden--;
      if (FLAT_BREAKS.has(tag)) parts.push('\n');
    },
    onattribdata() {},
    onattribentity() {},
    onattribend() {},
    onattribname() {},
    oncdata() {},
    oncomment() {},
    ondeclaration() {},
    onend() {},
    onprocessinginstruction() {},
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return parts.join('');
}

function tidy(text: string): string {
  return text
    // A no-break space reads as a space, and SOF numbers and keywords are searched with plain ones.
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Keeps what a reader needs: paragraph and line breaks, list items, link texts
 * (followed by the target when it says something the text does not),
 * preformatted lines and tables. HTML longer than HTML_TEXT_MAX_CHARS is
 * rendered up to that point and says so.
 */
export function htmlToText(html: string): string {
  const cut = html.length > HTML_TEXT_MAX_CHARS;
  const head = cut ? html.slice(0, HTML_TEXT_MAX_CHARS) : html;
  const text = tidy(nestsDeeperThan(head, HTML_MAX_NESTING) ? flatText(head) : render(head));
  if (!cut) return text;
  return `${text}\n\n[The rest of this HTML message (${html.length - HTML_TEXT_MAX_CHARS} more characters) is not shown as text; the full message is kept.]`;
}
