// NLP.js ships no type declarations; the benchmark uses a few entry points, typed where used.
declare module "@nlpjs/core" {
  export function containerBootstrap(): Promise<{ use(plugin: unknown): void; get(name: string): unknown }>;
}
declare module "@nlpjs/nlp" {
  export const Nlp: unknown;
}
declare module "@nlpjs/lang-fi" {
  export const LangFi: unknown;
}
declare module "@nlpjs/lang-sv" {
  export const LangSv: unknown;
}
declare module "@nlpjs/lang-en" {
  export const LangEn: unknown;
}
