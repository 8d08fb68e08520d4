// The admin API client: the bearer token and language on every request, errors as ApiError.
import { signOut } from "./admin.js";

import { state } from "./texts.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(method, path, options = {}) {
  const headers = { authorization: `Bearer ${state.token}`, "accept-language": state.language };
  let body = options.body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(body);
  }
  const response = await fetch(`/api/admin${path}`, { method, headers, body });
  if (options.raw) {
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => undefined));
    return response;
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (response.status === 401 && !options.signingIn) {
    signOut();
    throw new ApiError(401, parsed);
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/**
 * The field messages of a refused request, as the item editor shows them: every issue when the
 * server lists them (validation), else the one error with its field (which may be empty).
 */
export function issuesOf(error) {
  const body = error.body?.error;
  if (Array.isArray(body?.issues) && body.issues.length > 0) return body.issues;
  if (body) return [{ field: body.field ?? "", message: body.message }];
  return [{ field: "", message: error.message }];
}
