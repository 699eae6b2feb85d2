export { authInterceptor } from "./auth-interceptor.ts";
export { mintDevelopmentToken, parseTtlSeconds, type DevelopmentTokenOptions } from "./development-tokens.ts";
export { identityKey, requireNamespace, SCOPES, UNRESTRICTED, type Identity, type Scope } from "./identity.ts";
export { loadVerificationKeys, readHs256Secret } from "./signing-keys.ts";
export { createAuthenticator, createTokenAuthenticator, type Authenticator } from "./token-verifier.ts";
