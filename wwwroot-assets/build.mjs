// Bundles the console's scripts and styles into the web project's wwwroot.
// Run by the web project's build (see AgentConsole.csproj) whenever these sources change.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, '../src/AgentConsole/wwwroot');

await esbuild.build({
  entryPoints: {
    app: path.join(here, 'src/app.js'),
    theme: path.join(here, 'src/theme.js'),
    site: path.join(here, 'src/site.css'),
  },
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  format: 'iife',
  outdir,
  assetNames: 'fonts/[name]-[hash]',
  loader: { '.woff': 'file', '.woff2': 'file' },
  logLevel: 'warning',
});
console.log(`assets built into ${path.relative(process.cwd(), outdir) || outdir}`);
