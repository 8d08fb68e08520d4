// DOM helpers: elements are built from nodes and text only (never innerHTML), so stored text can
// never become markup.
import { state, t } from "./texts.js";

export const $ = (selector) => document.querySelector(selector);

/** Builds an element; `onclick`, `onsubmit`… add listeners; children are nodes or strings (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function table(caption, headers, rows) {
  if (rows.length === 0) return el("p", { class: "empty", text: `${caption}: ${t("noData")}` });
  return el(
    "table",
    {},
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, headers.map((header) => el("th", { scope: "col", text: header })))),
    el("tbody", {}, rows),
  );
}

export function announce(message, isError = false) {
  const status = $("#status");
  status.textContent = message;
  status.className = isError ? "status error" : "status";
}

export function kindLabel(kind) {
  return t(`kind_${kind}`);
}

export function formatDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(state.language === "en" ? "en-GB" : `${state.language}-FI`, { dateStyle: "short", timeStyle: "short" });
}
