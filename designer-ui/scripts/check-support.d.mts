// Types of check-support.mjs for the TypeScript browser tests (test/browser/browser-support.ts).
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';

export declare function ensurePreview(port: number, base: string): Promise<ChildProcess | null>;
export declare const chromiumPath: string;
export declare const chromiumArgs: string[];
export declare function launchChromium(): Promise<Browser>;
