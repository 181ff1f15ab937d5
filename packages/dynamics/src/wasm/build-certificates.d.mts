// Types for build-certificates.mjs (imported by certificate-kernel.test.ts to check the generated module is current).
export declare const WAT_PATH: string;
export declare const GENERATED_PATH: string;
/** Assembles WAT text (SIMD enabled) and validates it; returns the .wasm bytes. */
export declare function assembleCertificates(watText: string): Promise<Uint8Array>;
/** The TypeScript source of certificates.generated.ts for the given bytes. */
export declare function generatedSource(bytes: Uint8Array): string;
