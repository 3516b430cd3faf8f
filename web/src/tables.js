// What the build writes from the module's own tables (abon-tables, wasm/tools/tables.cpp),
// cut to the keys the loader reads (web/tools/tables.mjs): the DOM form's schema and words
// in both languages, the theme's colours, metrics and font, and what the loader keeps of
// the typing (remember.js).
//   { schema: {uk: [...], en: [...]}, form_words: {uk: {...}, en: {...}}, theme: {name: value},
//     font: {family, files, fallback_family, fallback_local, fallback_size_adjust}, remember: {key, minutes} }
export const TABLES = /*@tables@*/{};
