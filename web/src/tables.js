// What the build writes from the module's own tables (wasm/tools/form_tables.cpp): the DOM
// form's schema and words in both languages, and the theme's colours and metrics.
//   { schema: {uk: [...], en: [...]}, words: {uk: {...}, en: {...}}, theme: {name: value} }
export const TABLES = /*@form-tables@*/{};
