// "Is this screenshot blank?": decodes a PNG and measures how much its pixels vary.
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface PixelStats {
  /** Standard deviation of luminance (0..255): a blank or single-colour image is near 0. */
  luminanceStdDev: number;
  /** Distinct colours after quantising each channel to 32 levels. */
  distinctColors: number;
}

export async function pixelStats(png: Buffer): Promise<PixelStats> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let sum = 0;
  let sumSquares = 0;
  const colors = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += luminance;
    sumSquares += luminance * luminance;
    colors.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
  }
  const count = data.length / 4;
  const mean = sum / count;
  return { luminanceStdDev: Math.sqrt(Math.max(0, sumSquares / count - mean * mean)), distinctColors: colors.size };
}
