import { decodeJwt, errors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import type { Config } from "../config/config.ts";
import { UnauthenticatedError, UnavailableError } from "../errors/conveyor-error.ts";
import { UNRESTRICTED, type Identity } from "./identity.ts";
import { loadExternalKeys, loadVerificationKeys, type VerificationKeys } from "./signing-keys.ts";

/** Clocks of token issuers and servers drift a little; not more than this. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Turns the value of an `authorization` header into the caller's identity, or throws Unauthenticated. */
export type Authenticator = (authorization: string | null) => Promise<Identity>;

const claimsSchema = z.object({
  sub: z.string().optional(),
  scope: z.string({ error: 'the "scope" claim must be a space-separated string' }).optional(),
  namespaces: z.array(z.string(), { error: 'the "namespaces" claim must be an array of namespace names' }).optional(),
});

/** Tokens this server issued itself (accounts/token-service.ts), told apart by their issuer. */
export interface OwnTokenVerifier {
  isOwn(issuer: unknown): boolean;
  authenticate(token: string): Promise<Identity>;
}

/** How own tokens are described when they fail: one ES256 key set of the server's own. */
const OWN_KEYS: VerificationKeys = { kind: "jwks", getKey: () => Promise.reject(new Error("unused")), algorithms: ["ES256"], remote: false };

/**
 * The server's authenticator: tokens verified with the configured keys (and the server's own
 * tokens, when its accounts are on), or, with CONVEYOR_AUTH_MODE=off, everyone unrestricted.
 * Throws a ConfigError when a key cannot be loaded.
 */
export function createAuthenticator(config: Config, own?: OwnTokenVerifier): Authenticator {
  if (config.authMode === "off") return async () => UNRESTRICTED;
  return createTokenAuthenticator(own ? loadExternalKeys(config, true) : loadVerificationKeys(config), config, own);
}

/**
 * `keys` verify tokens from elsewhere (an identity provider, the development secret); `own`, the
 * server's own. Either may be absent, not both. A token goes to `own` when its (not yet verified)
 * issuer is the server's; its signature is then checked with the server's keys only.
 */
export function createTokenAuthenticator(keys: VerificationKeys | undefined, config: Pick<Config, "authIssuer" | "authAudience">, own?: OwnTokenVerifier): Authenticator {
  return async (authorization) => {
    if (!authorization) throw new UnauthenticatedError('no token: send the header "authorization: Bearer <token>"');
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError('the authorization header must be "Bearer <token>"');
    if (own && own.isOwn(unverifiedIssuer(match[1]!))) {
      try {
        return await own.authenticate(match[1]!);
      } catch (error) {
        // Refusals pass as they are, and so do database errors (UNAVAILABLE, not "invalid token").
        if (error instanceof errors.JOSEError) throw describeFailure(error, OWN_KEYS);
        throw error;
      }
    }
    if (keys === undefined) throw new UnauthenticatedError("invalid token: this server accepts only the tokens it issues (AuthService.Login, AuthService.ExchangeApiKey)");
    const payload = await verify(match[1]!, keys, config);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError(`invalid token: ${claims.error.issues[0]!.message}`);
    return {
      subject: claims.data.sub ?? "",
      scopes: new Set((claims.data.scope ?? "").split(" ").filter(Boolean)),
      namespaces: new Set(claims.data.namespaces ?? []),
    };
  };
}

async function verify(token: string, keys: VerificationKeys, config: Pick<Config, "authIssuer" | "authAudience">): Promise<JWTPayload> {
  const options = {
    // ┃ The allow-list is what refuses `alg: none` and algorithm confusion (an HS256 token "signed" ┃
    // ┃ with a public key): each key source accepts only the algorithms its keys are for.           ┃
    algorithms: keys.algorithms,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ["exp"],
    issuer: config.authIssuer,
    audience: config.authAudience,
  };
  try {
    const { payload } = keys.kind === "secret" ? await jwtVerify(token, keys.secret, options) : await jwtVerify(token, keys.getKey, options);
    return payload;
  } catch (error) {
    throw describeFailure(error, keys);
  }
}

/** A message that says what is wrong with the token, never the token itself. */
function describeFailure(error: unknown, keys: VerificationKeys): Error {
  if (error instanceof errors.JWTExpired) return new UnauthenticatedError("invalid token: it has expired", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what = error.claim === "nbf" ? "it is not valid yet" : error.reason === "missing" ? `it has no "${error.claim}" claim` : `its "${error.claim}" claim is not accepted here`;
    return new UnauthenticatedError(`invalid token: ${what}`, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new UnauthenticatedError(`invalid token: its algorithm is not accepted here (accepted: ${keys.algorithms.join(", ")})`, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new UnauthenticatedError("invalid token: the signature does not verify", { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey) return new UnauthenticatedError("invalid token: no key of the JWKS matches it (kid, alg)", { cause: error });
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (keys.kind === "jwks" && keys.remote && !(error instanceof errors.JOSEError))) {
    return new UnavailableError("cannot fetch the JWKS to verify the token; try again", { cause: error });
  }
  if (error instanceof errors.JOSEError) return new UnauthenticatedError("invalid token: it is not a well-formed signed JWT", { cause: error });
  return new UnauthenticatedError("invalid token", { cause: error });
}

/** The `iss` a token claims, before anything is verified: it only picks the keys to verify with. */
function unverifiedIssuer(token: string): unknown {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}
