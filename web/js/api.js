// One JSON request to the server's host API: { ok, status, body }, where body is the
// parsed JSON answer or null (a proxy's error page is not JSON: the status says enough).

export async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: the status says enough.
  }
  return { ok: res.ok, status: res.status, body };
}
