import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its extra headers and file cost. */
export const MIN_COMPRESS_BYTES = 1024;

export interface PrecompressResult {
  file: string;
  br: boolean;
  gz: boolean;
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every text
 * asset under `dir` of at least MIN_COMPRESS_BYTES, each only when it is smaller than the
 * original. Done once at build time, so the server sends the smallest encoding without spending
 * a core on compressing the same bytes for every request (@fastify/static `preCompressed`).
 */
export async function precompressDir(dir: string): Promise<PrecompressResult[]> {
  const results: PrecompressResult[] = [];
  for (const file of await listFiles(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const original = await readFile(file);
    if (original.length < MIN_COMPRESS_BYTES) continue;
    const [br, gz] = await Promise.all([
      brotli(original, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
        },
      }),
      gzipAsync(original, { level: 9 }),
    ]);
    results.push({ file, br: await writeIfSmaller(`${file}.br`, br, original), gz: await writeIfSmaller(`${file}.gz`, gz, original) });
  }
  return results;
}

async function writeIfSmaller(target: string, compressed: Buffer, original: Buffer): Promise<boolean> {
  if (compressed.length >= original.length) return false;
  await writeFile(target, compressed);
  return true;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The Vite plugin: precompresses the output directory once the bundle (and public/) is written. */
export function precompress(): Plugin {
  let outDir = "";
  let logger: ResolvedConfig["logger"] | undefined;
  return {
    name: "portico:precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    async closeBundle() {
      const results = await precompressDir(outDir);
      const written = results.filter((result) => result.br || result.gz).length;
      logger?.info(`precompressed ${written} files (.br, .gz) in ${path.relative(process.cwd(), outDir) || "."}`);
    },
  };
}
