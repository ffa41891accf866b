// The few Web-platform globals the domain core relies on. They exist in every
// runtime we target (Node >= 20, workerd); declaring only these keeps shared/
// honest about portability (no DOM, no Node types).
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
