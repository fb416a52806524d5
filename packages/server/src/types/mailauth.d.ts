// Types for the parts of mailauth used here that ship without them: the Authentication-Results parser and the DKIM signer.
declare module 'mailauth/lib/parse-dkim-headers.js' {
  const parseHeader: (header: string) => { readonly parsed: unknown; readonly original: string };
  export default parseHeader;
}

// mailauth's DKIM signer (used by tests to sign fixtures with a generated key) ships without types.
declare module 'mailauth/lib/dkim/sign.js' {
  export function dkimSign(
    message: Buffer | string,
    options: { readonly signatureData: readonly { readonly signingDomain: string; readonly selector: string; readonly privateKey: string | Buffer }[] },
  ): Promise<{ readonly signatures: string; readonly errors: readonly unknown[] }>;
}
