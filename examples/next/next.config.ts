import type { NextConfig } from 'next';

const config: NextConfig = {
  // The tests build the same app with Turbopack and with webpack, side by side.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  reactStrictMode: true,
};

export default config;
