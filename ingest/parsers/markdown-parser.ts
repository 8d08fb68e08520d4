import { documentRecord } from "./free-document.js";
import { readFrontMatter } from "./front-matter.js";
import { removeDangerousBlocks } from "../../knowledge/index.js";
import { decodeUtf8Text } from "./text-decoding.js";
import type { FileParser } from "./types.js";

/** Markdown: optional front matter; title from the first `#` heading, else the file name. */
export const parseMarkdown: FileParser = async (content, options) => {
  const text = decodeUtf8Text(content, options.file);
  const { fields, body } = readFrontMatter(text);
  const lines = body.split(/\r?\n/);
  const headingIndex = lines.findIndex((line) => /^#\s+\S/.test(line));
  let title: string | undefined;
  let rest = body;
  if (headingIndex !== -1) {
    title = lines[headingIndex]!.replace(/^#\s+/, "").replace(/\s+#+\s*$/, "");
    // The heading becomes the title; chunking puts the title in front of the text again.
    rest = [...lines.slice(0, headingIndex), ...lines.slice(headingIndex + 1)].join("\n");
  }
  return documentRecord({ title, body: removeDangerousBlocks(rest), fields }, options);
};

/** Plain text: optional front matter as in Markdown; the title is the file name unless given. */
export const parsePlainText: FileParser = async (content, options) => {
  const text = decodeUtf8Text(content, options.file);
  const { fields, body } = readFrontMatter(text);
  return documentRecord({ title: undefined, body, fields }, options);
};
