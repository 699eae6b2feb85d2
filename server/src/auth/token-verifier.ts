import { errors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import type { Config } from "../config/config.ts";
import { UnauthenticatedError, UnavailableError } from "../errors/conveyor-error.ts";
import { UNRESTRICTED, type Identity } from "./identity.ts";
import { loadVerificationKeys, type VerificationKeys } from "./signing-keys.ts";

/** Clocks of token issuers and servers drift a little; not more than this. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Turns the value of an `authorization` header into the caller's identity, or throws Unauthenticated. */
export type Authenticator = (authorization: string | null) => Promise<Identity>;

const claimsSchema = z.object({
  sub: z.string().optional(),
  scope: z.string({ error: 'the "scope" claim must be a space-separated string' }).optional(),
  namespaces: z.array(z.string(), { error: 'the "namespaces" claim must be an array of namespace names' }).optional(),
});

/**
 * The server's authenticator: tokens verified with the configured keys, or, with
 * CONVEYOR_AUTH_MODE=off, everyone unrestricted. Throws a ConfigError when a key cannot be loaded.
 */
export function createAuthenticator(config: Config): Authenticator {
  if (config.authMode === "off") return async () => UNRESTRICTED;
  return createTokenAuthenticator(loadVerificationKeys(config), config);
}

export function createTokenAuthenticator(keys: VerificationKeys, config: Pick<Config, "authIssuer" | "authAudience">): Authenticator {
  return async (authorization) => {
    if (!authorization) throw new UnauthenticatedError('no token: send the header "authorization: Bearer <token>"');
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError('the authorization header must be "Bearer <token>"');
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
