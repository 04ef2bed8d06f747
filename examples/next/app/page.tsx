import { Demo } from './demo';

// A server component page: the viewer lives in client components ('use client').
export default function Page() {
  return <Demo />;
}
