// PNG pictures for the rich-output tests, drawn by Python itself with zlib and struct (Pyodide's core has no PIL), and
// read back by the browser's own decoder.

/** Python source of a class `name` whose `_repr_png_` draws a `width`×`height` PNG filled with `rgb`. */
export function pngClass(name: string, width: number, height: number, rgb: readonly [number, number, number]): string {
  const pixel = rgb.map((channel) => `\\x${channel.toString(16).padStart(2, '0')}`).join('');
  return `import struct, zlib
class ${name}:
    def _repr_png_(self):
        def chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        rows = b"".join(b"\\x00" + b"${pixel}" * ${width} for _ in range(${height}))
        return (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", ${width}, ${height}, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
`;
}

/** The first bytes of every PNG file. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `[width, height]` as the browser decodes `bytes`: proof that they are a whole PNG, not just its signature. */
export async function decodedPngSize(bytes: Uint8Array): Promise<[number, number]> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  try {
    return [bitmap.width, bitmap.height];
  } finally {
    bitmap.close();
  }
}
