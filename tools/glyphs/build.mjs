// Writes MapLibre glyph PBFs (signed distance fields, 24 px, 3 px buffer) for the Unicode
// ranges Vietnamese place names need, so the map's labels never ask a font server.
//
// Usage: node build.mjs <font.ttf> <fontstack name> <out dir> <start-end> [<start-end> ...]
// Output: <out dir>/<fontstack name>/<start>-<end>.pbf, the layout MapLibre's `glyphs` URL
// template "{fontstack}/{range}.pbf" asks for. The encoding follows MapLibre's glyphs.proto
// and the SDF parameters of its server-side glyphs (radius 8, cutoff 0.25), so the renderer's
// text shader reads them like any other glyph set.
import fs from "node:fs";
import path from "node:path";
import opentype from "opentype.js";

const FONT_SIZE = 24;
const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
const SUBSAMPLES = 4; // per pixel side: 16 coverage samples per pixel
const INF = 1e20;

function main(argv) {
  const [fontFile, stackName, outDir, ...ranges] = argv;
  if (!fontFile || !stackName || !outDir || ranges.length === 0) {
    console.error("usage: node build.mjs <font.ttf> <fontstack> <out dir> <start-end> ...");
    process.exit(2);
  }
  const font = opentype.loadSync(fontFile);
  const scale = FONT_SIZE / font.unitsPerEm;
  // MapLibre places a glyph's top relative to the line's ascender, as FreeType-made sets do.
  const ascender = Math.round(font.ascender * scale);
  const folder = path.join(outDir, stackName);
  fs.mkdirSync(folder, { recursive: true });
  for (const range of ranges) {
    const [start, end] = range.split("-").map(Number);
    const glyphs = [];
    for (let code = start; code <= end; code++) {
      const glyph = font.charToGlyph(String.fromCodePoint(code));
      if (!glyph || glyph.index === 0) continue; // not in the font: MapLibre falls back
      glyphs.push(renderGlyph(code, glyph, scale, ascender));
    }
    const bytes = encodeStack(stackName, `${start}-${end}`, glyphs);
    fs.writeFileSync(path.join(folder, `${start}-${end}.pbf`), bytes);
    console.log(`${stackName} ${start}-${end}: ${glyphs.length} glyphs, ${bytes.length} bytes`);
  }
}

function renderGlyph(code, glyph, scale, ascender) {
  const advance = Math.round(glyph.advanceWidth * scale);
  const box = glyph.getBoundingBox();
  if (box.x1 === box.x2 || box.y1 === box.y2) {
    return { id: code, width: 0, height: 0, left: 0, top: -ascender, advance, bitmap: null };
  }
  const left = Math.floor(box.x1 * scale);
  const right = Math.ceil(box.x2 * scale);
  const bottom = Math.floor(box.y1 * scale);
  const top = Math.ceil(box.y2 * scale);
  const width = right - left;
  const height = top - bottom;
  // Outline in pixel space, y pointing down, the glyph's box starting at (0, 0).
  const outline = glyph.getPath(-left, top, FONT_SIZE);
  const alpha = coverage(flatten(outline.commands), width, height);
  return {
    id: code,
    width,
    height,
    left,
    top: top - ascender,
    advance,
    bitmap: signedDistance(alpha, width, height),
  };
}

// Path commands to closed polygons (curves cut into short straight segments).
function flatten(commands) {
  const rings = [];
  let ring = [];
  let x = 0;
  let y = 0;
  const steps = 8;
  for (const c of commands) {
    if (c.type === "M") {
      if (ring.length) rings.push(ring);
      ring = [[c.x, c.y]];
    } else if (c.type === "L") {
      ring.push([c.x, c.y]);
    } else if (c.type === "Q") {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        ring.push([u * u * x + 2 * u * t * c.x1 + t * t * c.x, u * u * y + 2 * u * t * c.y1 + t * t * c.y]);
      }
    } else if (c.type === "C") {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        ring.push([
          u * u * u * x + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        ]);
      }
    } else if (c.type === "Z") {
      if (ring.length) rings.push(ring);
      ring = [];
      continue;
    }
    x = c.x;
    y = c.y;
  }
  if (ring.length) rings.push(ring);
  return rings;
}

// Share of each pixel inside the outline (non-zero winding), from a grid of samples.
function coverage(rings, width, height) {
  const alpha = new Float64Array(width * height);
  const edges = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      if (a[1] !== b[1]) edges.push(a, b);
    }
  }
  const n = SUBSAMPLES;
  for (let py = 0; py < height; py++) {
    for (let sy = 0; sy < n; sy++) {
      const y = py + (sy + 0.5) / n;
      const crossings = [];
      for (let i = 0; i < edges.length; i += 2) {
        const [x0, y0] = edges[i];
        const [x1, y1] = edges[i + 1];
        if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y)) {
          crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), y1 > y0 ? 1 : -1]);
        }
      }
      crossings.sort((p, q) => p[0] - q[0]);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i][1];
        if (winding === 0) continue;
        fillSpan(alpha, width, py, crossings[i][0], crossings[i + 1][0], n);
      }
    }
  }
  return alpha;
}

function fillSpan(alpha, width, py, from, to, n) {
  for (let sx = Math.max(0, Math.floor(from * n)); sx < Math.min(width * n, Math.ceil(to * n)); sx++) {
    const x = (sx + 0.5) / n;
    if (x >= from && x < to) alpha[py * width + Math.floor(sx / n)] += 1 / (n * n);
  }
}

// Felzenszwalb-Huttenlocher distance transform of the coverage, encoded as MapLibre expects:
// 255 * (1 - cutoff) on the outline, falling by 255 / radius per pixel outwards.
function signedDistance(alpha, width, height) {
  const w = width + 2 * BUFFER;
  const h = height + 2 * BUFFER;
  const outer = new Float64Array(w * h).fill(INF);
  const inner = new Float64Array(w * h).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = Math.min(1, alpha[y * width + x]);
      const j = (y + BUFFER) * w + x + BUFFER;
      if (a >= 1) {
        outer[j] = 0;
        inner[j] = INF;
      } else if (a > 0) {
        const d = 0.5 - a;
        outer[j] = d > 0 ? d * d : 0;
        inner[j] = d < 0 ? d * d : 0;
      }
    }
  }
  transform2d(outer, w, h);
  transform2d(inner, w, h);
  const data = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const d = Math.sqrt(outer[i]) - Math.sqrt(inner[i]);
    data[i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
  }
  return data;
}

function transform2d(grid, w, h) {
  const size = Math.max(w, h);
  const f = new Float64Array(size);
  const v = new Uint16Array(size);
  const z = new Float64Array(size + 1);
  for (let x = 0; x < w; x++) transform1d(grid, x, w, h, f, v, z);
  for (let y = 0; y < h; y++) transform1d(grid, y * w, 1, w, f, v, z);
}

function transform1d(grid, offset, stride, length, f, v, z) {
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  f[0] = grid[offset];
  for (let q = 1, k = 0, s = 0; q < length; q++) {
    f[q] = grid[offset + q * stride];
    const q2 = q * q;
    do {
      const r = v[k];
      s = (f[q] - f[r] + q2 - r * r) / (q - r) / 2;
    } while (s <= z[k] && --k > -1);
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  for (let q = 0, k = 0; q < length; q++) {
    while (z[k + 1] < q) k++;
    const r = v[k];
    grid[offset + q * stride] = f[r] + (q - r) * (q - r);
  }
}

// --- protobuf (glyphs.proto: glyphs { repeated fontstack stacks = 1 }) -------------------

function encodeStack(name, range, glyphs) {
  const stack = concat([
    field(1, 2, bytesOf(name)),
    field(2, 2, bytesOf(range)),
    ...glyphs.map((g) => field(3, 2, encodeGlyph(g))),
  ]);
  return concat([field(1, 2, stack)]);
}

function encodeGlyph(g) {
  const parts = [varintField(1, g.id)];
  if (g.bitmap) parts.push(field(2, 2, g.bitmap));
  parts.push(
    varintField(3, g.width),
    varintField(4, g.height),
    varintField(5, zigzag(g.left)),
    varintField(6, zigzag(g.top)),
    varintField(7, g.advance),
  );
  return concat(parts);
}

function zigzag(n) {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function varint(n) {
  const out = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

function varintField(number, value) {
  return concat([varint((number << 3) | 0), varint(value)]);
}

function field(number, wireType, payload) {
  return concat([varint((number << 3) | wireType), varint(payload.length), payload]);
}

function bytesOf(text) {
  return new TextEncoder().encode(text);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

main(process.argv.slice(2));
