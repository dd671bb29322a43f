/** Packages loaded from node_modules at run time: the production dependencies, and nothing else. */
export declare const RUNTIME_PACKAGES: string[]
/** Optional packages that bundled code probes and lives without; they resolve to ABSENT_MODULE. */
export declare const ABSENT_PACKAGES: string[]
/** The module every absent package resolves to (it throws MODULE_NOT_FOUND). */
export declare const ABSENT_MODULE: string
/** Bundler aliases: each absent package → ABSENT_MODULE. */
export declare const absentAliases: Record<string, string>
