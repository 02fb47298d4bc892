// The API client: JSON in and out, the reviewer's token on writes, errors as ApiError.

const TOKEN_KEY = "rasid.token";

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lives as long as the page
  }
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall back on the status line
  }
  const error = body && body.error;
  if (error && typeof error.message === "string") {
    return new ApiError(response.status, error.code, error.message, error.field);
  }
  const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
  return new ApiError(response.status, String(response.status), detail || `HTTP ${response.status}`);
}

/**
 * Call the API. `auth` sends the stored token; `body` is sent as JSON with POST.
 * Throws ApiError for any answer but 2xx, and for a network failure (status 0).
 */
export async function api(path, { body, auth = false, signal, token } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method: body === undefined ? "GET" : "POST", headers, signal, credentials: "same-origin" };
  const bearer = token || (auth ? getToken() : null);
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, "network", "The server cannot be reached.");
  }
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

export function isAbort(err) {
  return err && err.name === "AbortError";
}
