/** Demographics spreadsheets and CSV outputs: parsing, cleaning and formatting on plain data. */
export * from './columns.ts';
export * from './csv-parse.ts';
export * from './csv-write.ts';
export * from './identity-text.ts';
export * from './kept-rows.ts';
export * from './links.ts';
export * from './outputs.ts';
export * from './read-csv.ts';
export * from './shareable.ts';
export * from './sniff.ts';
export * from './table.ts';
export * from './text-decode.ts';
export * from './values.ts';
export * from './notices.ts';
export * from './row-spellings.ts';
