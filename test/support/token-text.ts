// Finds token text anywhere an app could log it: any run of more than 8 characters of any JWT,
// in every string reachable from a value (errors' message, name and cause included).

/** Every 9-character piece of the given tokens: text holding one holds more than 8 characters of a token. */
export function tokenPieces(tokens: Iterable<string>, length = 9): Set<string> {
  const pieces = new Set<string>();
  for (const token of tokens) for (let i = 0; i + length <= token.length; i++) pieces.add(token.slice(i, i + length));
  return pieces;
}

/** Every string reachable from `value` (keys too), errors included. */
export function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const keys = new Set([...Object.keys(value), ...(value instanceof Error ? ['message', 'cause', 'name'] : [])]);
  return [...keys].flatMap((key) => [key, ...stringsIn((value as Record<string, unknown>)[key], seen)]);
}

/** The first piece of token text found in `value`, or undefined. */
export function findTokenText(value: unknown, pieces: Set<string>, length = 9): string | undefined {
  for (const text of stringsIn(value)) {
    for (let i = 0; i + length <= text.length; i++) {
      const piece = text.slice(i, i + length);
      if (pieces.has(piece)) return piece;
    }
  }
  return undefined;
}
