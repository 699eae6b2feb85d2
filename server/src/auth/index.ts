export { authInterceptor } from "./auth-interceptor.ts";
export { mintDevelopmentToken, parseTtlSeconds, type DevelopmentTokenOptions } from "./development-tokens.ts";
export { ALL_NAMESPACES, identityKey, requireNamespace, SCOPES, UNRESTRICTED, type Identity, type Scope } from "./identity.ts";
export { loadExternalKeys, loadVerificationKeys, readHs256Secret } from "./signing-keys.ts";
export { createAuthenticator, createTokenAuthenticator, type Authenticator, type OwnTokenVerifier } from "./token-verifier.ts";
