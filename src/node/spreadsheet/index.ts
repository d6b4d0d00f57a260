/** Demographics spreadsheets in, CSV outputs out: the file-system side of `src/core/demographics`. */
export * from './links-file.ts';
export * from './read-demographics.ts';
export * from './read-workbook.ts';
export * from './write-csv.ts';
