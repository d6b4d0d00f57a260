/** The synthetic dataset generator: a dataset with names hidden everywhere, and its truth. */
export { generateDataset, type GenerateOptions, LAYOUT } from './generate.ts';
export type { Planting, Truth, TruthDemographics, TruthFile, TruthPatient, TruthSession } from './truth.ts';
