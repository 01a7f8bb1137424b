/**
 * Layer 2, auth: who a handshake says the caller is. JSON Web Tokens verified locally with nimbus-jose-jwt
 * ({@link dev.wscommands.auth.TokenVerifier}) against an HMAC secret file or a JWKS file that is re-read when it
 * changes ({@link dev.wscommands.auth.JwksFile}); the {@link dev.wscommands.auth.Authenticator} turns what a
 * handshake carried ({@link dev.wscommands.auth.Credentials}) into a {@link dev.wscommands.api.Caller} or a
 * refusal; {@link dev.wscommands.auth.TokenIssuer} makes tokens for trying it out. Imports {@code api} and
 * {@code settings}; nothing of a WebSocket or servlet API.
 */
package dev.wscommands.auth;
