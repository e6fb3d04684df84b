// Sign-in in AWS: Cognito's hosted page with the authorisation code and PKCE (a page cannot keep
// a client secret). Locally config.json names no sign-in and the console just works on this machine.
const TOKEN = "orderhook.console.token";
const VERIFIER = "orderhook.console.verifier";

export function accessToken() {
  const saved = JSON.parse(sessionStorage.getItem(TOKEN) ?? "null");
  return saved && saved.expires > Date.now() ? saved.token : null;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function here() {
  return location.origin + location.pathname;
}

/** Resolves once the page may call the API; navigates to the sign-in page when it may not yet. */
export async function signIn() {
  const config = await (await fetch("config.json")).json();
  if (!config.signIn || accessToken()) return;
  const { url, clientId } = config.signIn;
  const code = new URLSearchParams(location.search).get("code");
  const verifier = sessionStorage.getItem(VERIFIER);
  if (code && verifier) {
    const response = await fetch(`${url}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: clientId, code, redirect_uri: here(), code_verifier: verifier }),
    });
    sessionStorage.removeItem(VERIFIER);
    history.replaceState(null, "", here() + location.hash);
    if (response.ok) {
      const tokens = await response.json();
      sessionStorage.setItem(TOKEN, JSON.stringify({ token: tokens.access_token, expires: Date.now() + tokens.expires_in * 1000 - 60000 }));
      return;
    }
  }
  const fresh = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER, fresh);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fresh)));
  location.assign(`${url}/oauth2/authorize?` + new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: here(), scope: "openid email",
    code_challenge_method: "S256", code_challenge: challenge,
  }));
  await new Promise(() => {}); // the page is leaving
}
