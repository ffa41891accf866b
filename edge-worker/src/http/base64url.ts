// Canonical base64url without padding (RFC 4648 §5). Decoding refuses every
// non-canonical spelling, so one byte string has exactly one text form and a
// changed character can never decode to the same bytes.
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes, or undefined when the text is not canonical base64url. */
export function decodeBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL_PATTERN.test(text) || text.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // The last character may carry unused low bits; only the spelling with them zero is accepted.
  return encodeBase64url(bytes) === text ? bytes : undefined;
}
