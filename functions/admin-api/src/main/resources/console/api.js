// The admin API as the console reaches it: /console/api/admin/... beside this page (in AWS behind
// the Cognito authoriser, locally this machine only). Every answer is JSON; an error's body says
// {"status": kind, "reason": what was wrong}.
import { accessToken } from "./signin.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.reason ?? `the admin API answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function call(method, path, body) {
  const headers = { accept: "application/json" };
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`api${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { reason: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => call("GET", path);
export const shopPath = (shopId, rest = "") => `/admin/shops/${encodeURIComponent(shopId)}${rest}`;
