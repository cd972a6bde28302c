// The page must be cross-origin isolated for a StackBlitz `node` embed to boot.
// dev (config.ts), preview (scripts/preview.ts) and the deploy files (_headers, vercel.json) all use these.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
} as const;

/** Netlify and Cloudflare Pages read this file from the site's root. */
export const headersFile = `/*\n${Object.entries(isolationHeaders)
  .map(([k, v]) => `  ${k}: ${v}`)
  .join('\n')}\n`;
