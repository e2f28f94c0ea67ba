// Calls to Patchbay's /v1 API with the key this tab signed in with. The key lives in sessionStorage
// only: it is gone when the tab closes or the user signs out, and it is never put in a URL.

const KEY = 'patchbay.apiKey';

/** An answer that was not a success; {@code problem} is the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The problem type's last path segment, e.g. 'validation-failed'. */
  get kind() {
    return (this.problem?.type || '').split('/').pop();
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  remember: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

let onUnauthorized = () => {};

/** What to do when the key stops being accepted (revoked while the page is open). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Sends one call and answers {status, etag, body}; throws ApiError for any other status than 2xx,
 * and a TypeError when Patchbay cannot be reached.
 */
export async function call(method, path, {body, ifMatch, contentType, key = session.key()} = {}) {
  const headers = {'Accept': 'application/json', 'X-API-Key': key};
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    redirect: 'error',
  });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (ignored) {
    // a non-JSON answer (a proxy's error page, say) is reported by its status alone
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed, response.headers.get('Retry-After'));
    if (response.status === 401 && key === session.key()) onUnauthorized(error);
    throw error;
  }
  return {status: response.status, etag: response.headers.get('ETag'), body: parsed};
}

export const PROVIDERS = '/v1/admin/connector-providers';

export function providerPath(slug) {
  return `${PROVIDERS}/${encodeURIComponent(slug)}`;
}

/** A sentence for an error the page has no better place for. */
export function describe(error) {
  if (error instanceof ApiError) {
    const title = error.problem?.title || `HTTP ${error.status}`;
    const detail = error.problem?.detail;
    return detail && detail !== title ? `${title}: ${detail}` : title;
  }
  return 'Patchbay cannot be reached. Check that the service is running and try again.';
}
