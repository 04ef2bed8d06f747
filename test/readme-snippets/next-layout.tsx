// app/layout.tsx: tell the library where they are served (public/ is served at /)
import type { Metadata } from 'next';

export const metadata: Metadata = { other: { 'nutrient-viewer-base-url': '/' } };
