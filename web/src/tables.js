// What the build writes from the module's own tables (wasm/tools/form_tables.cpp): the DOM
// form's schema and words in both languages, the theme's colours and metrics, and what the
// loader keeps of the typing (remember.js).
//   { schema: {uk: [...], en: [...]}, words: {uk: {...}, en: {...}}, theme: {name: value},
//     remember: {key, minutes} }
export const TABLES = /*@form-tables@*/{};
