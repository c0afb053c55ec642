/** "Jane Doe" → "JD", for avatars; one name → its first two letters; nothing → "?". Letters are counted whole (never half an emoji). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const letters = (word: string | undefined) => [...(word ?? "")];
  const chosen = parts.length === 1 ? letters(parts[0]).slice(0, 2) : [letters(parts[0])[0], letters(parts[parts.length - 1])[0]];
  return chosen.join("").toUpperCase();
}
