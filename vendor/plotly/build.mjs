// Builds ../../dashboard/vendor/plotly.min.js from entry.js the way plotly.js builds its own
// dist bundles (esbuild, IIFE exposing window.Plotly), with the licence comments of every
// bundled package kept at the end of the file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = require('plotly.js/package.json').version;
const out = join(here, '..', '..', 'dashboard', 'vendor', 'plotly.min.js');

// plotly.js imports MapLibre's stylesheet from JavaScript; like plotly.js's own build, the
// bundle puts it into the page when it loads.
const inlineCss = {
    name: 'inline-css',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, (args) => {
            const css = readFileSync(args.path, 'utf8');
            return {
                loader: 'js',
                contents: `var s = document.createElement('style');
s.textContent = ${JSON.stringify(css)};
document.head.appendChild(s);`,
            };
        });
    },
};

const result = await esbuild.build({
    metafile: true,
    absWorkingDir: here,
    entryPoints: [join(here, 'entry.js')],
    outfile: out,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    plugins: [inlineCss],
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    banner: { js: `/** plotly.js v${version} (partial: core, choroplethmap, scattermap, indicator) | MIT */` },
    logLevel: 'info',
});

// Every package that went into the bundle, with its licence text, beside the bundle.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
    if (!match) continue;
    const name = match[match.length - 1].slice('node_modules/'.length, -1);
    const root = input.slice(0, input.lastIndexOf(match[match.length - 1]) + match[match.length - 1].length);
    packages.set(name, join(here, root));
}
const sections = [...packages.entries()].sort().map(([name, root]) => {
    const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const file = readdirSync(root).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file && existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : '';
    return `## ${name} ${meta.version} (${meta.license || 'see text'})\n\n${text.trim()}\n`;
});
writeFileSync(
    out.replace(/\.js$/, '.LICENSES.md'),
    `# Licences of the packages in plotly.min.js\n\nBuilt by \`make plotlyjs\` from vendor/plotly.\n\n${sections.join('\n')}`
);
const size = readFileSync(out).length;
console.log(`plotly.js ${version}: ${out} (${size} bytes, ${packages.size} packages)`);
