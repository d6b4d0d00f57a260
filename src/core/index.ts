/** Public API of dicomveil's isomorphic core: bytes and plain data in, bytes and plain data out. */
export * from './errors.ts';
export * from './options/schema.ts';
export * from './demographics/index.ts';
