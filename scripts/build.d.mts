// Types of scripts/build.mjs for the TypeScript that imports it (test set-up, bench).
export declare const root: string;
export declare const srcDir: string;
export declare const distDir: string;
export declare const stampFile: string;
export declare function buildIsCurrent(): boolean;
export declare function build(): Promise<{ files: number; ms: number }>;
