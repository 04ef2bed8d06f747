import type { Metadata } from 'next';
import type { ReactNode } from 'react';

// The <meta name="nutrient-viewer-base-url" content="/"> that tells the library where
// `nutrient-viewer-copy-assets public` put the SDK's files (public/ is served at /).
export const metadata: Metadata = {
  title: 'nutrient-viewer-session: Next.js',
  other: { 'nutrient-viewer-base-url': '/' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ margin: 0 }}>{children}</body>
    </html>
  );
}
