// Export format "webanno": not implemented yet (the export runner refuses it with a clear message).
import type { ExportWriter } from './writer';

export const write: ExportWriter | null = null;
