import { htmlToText, type FormatCallback, type HtmlToTextOptions } from "html-to-text";
import { documentRecord } from "./free-document.js";
import { stripMarkup } from "../../knowledge/index.js";
import { decodeUtf8Text } from "./text-decoding.js";

import type { FileParser } from "./types.js";

/** Keeps a link's text, and its target only when it is a web or mail address (never `javascript:` or `data:`). */
const safeAnchor: FormatCallback = (element, walk, builder) => {
  walk(element.children, builder);
  const href = String(element.attribs?.href ?? "").trim();
  if (/^(https?:\/\/|mailto:)[^\s<>"']+$/i.test(href)) builder.addInline(` (${href})`);
};

const SKIPPED = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "img", "head", "form", "button", "nav"];

const BODY_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { safeAnchor },
  selectors: [
    ...SKIPPED.map((selector) => ({ selector, format: "skip" })),
    { selector: "a", format: "safeAnchor" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
};

function firstText(html: string, selector: string): string | undefined {
  const text = htmlToText(html, {
    wordwrap: false,
    baseElements: { selectors: [selector], returnDomByDefault: false },
    limits: { maxBaseElements: 1 },
    selectors: [
      { selector, format: selector === "title" ? "inline" : "block", options: { uppercase: false } },
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
    ],
  });
  const cleaned = stripMarkup(text).replace(/\s+/g, " ").trim();
  return cleaned || undefined;
}

/** HTML reduced to text by html-to-text; title from `<title>`, else the first `<h1>`, else the file name. */
export const parseHtml: FileParser = async (content, options) => {
  const html = decodeUtf8Text(content, options.file);
  const title = firstText(html, "title") ?? firstText(html, "h1");
  const body = stripMarkup(htmlToText(html, BODY_OPTIONS));
  const declaredLanguage = /<html\b[^>]*\blang\s*=\s*["']?([a-zA-Z-]+)/i.exec(html)?.[1];
  return documentRecord({ title, body, declaredLanguage }, options);
};
