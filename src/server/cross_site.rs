//! Refusing cross-site requests: a page on another site must not act through a
//! player's or host's browser (which would send the host cookie along).
//!
//! One middleware covers the whole router:
//! - the `/ws` upgrade: an `Origin` header, when present, must be this server's own
//!   (same host and port as the `Host` header) or one given with `--allowed-origin`;
//!   no `Origin` (scripts, `quiznight loadtest`) is fine;
//! - state-changing requests (anything but GET, HEAD, OPTIONS): the same `Origin`
//!   rule, no `Sec-Fetch-Site: cross-site`, and no form content type (`text/plain`,
//!   urlencoded, multipart), which a foreign page can post without a CORS preflight.
//!   The web client sends JSON or a file as `application/octet-stream`, or no body.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Content types a plain HTML form (or a no-preflight fetch) can send.
const FORM_TYPES: &[&str] = &[
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
];

/// Middleware: 403 for a cross-site request that could change something.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = &state.config.allowed_origins;
    let public = state.config.public_url.as_deref();
    match why_refused(
        request.method(),
        request.uri().path(),
        request.headers(),
        allowed,
        public,
    ) {
        Some(why) => {
            tracing::info!(path = %request.uri().path(), "refused a cross-site request: {why}");
            (StatusCode::FORBIDDEN, format!("{why}\n")).into_response()
        }
        None => next.run(request).await,
    }
}

/// Why this request is refused, or None when it may go on.
pub fn why_refused(
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    allowed: &[String],
    public_url: Option<&str>,
) -> Option<&'static str> {
    let changes = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if path != "/ws" && !changes {
        return None;
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !is_own_origin(origin, headers, allowed, public_url) {
            return Some("requests from other sites are refused (see --allowed-origin)");
        }
    }
    if !changes {
        return None;
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
        return Some("requests from other sites are refused");
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if FORM_TYPES.iter().any(|t| essence.eq_ignore_ascii_case(t)) {
        return Some("form posts are refused: send JSON or the file as application/octet-stream");
    }
    None
}

/// True when `origin` is this server's own (host and port as in `Host`), the
/// `--public-url`'s, or one of `allowed`.
fn is_own_origin(
    origin: &str,
    headers: &HeaderMap,
    allowed: &[String],
    public_url: Option<&str>,
) -> bool {
    let origin = normalize(origin);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::trim);
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    if let (Some(a), Some(b)) = (origin_host, host) {
        if !a.is_empty() && a.eq_ignore_ascii_case(b) {
            return true;
        }
    }
    let public = public_url.and_then(origin_of);
    allowed
        .iter()
        .map(|a| normalize(a))
        .chain(public)
        .any(|a| a == origin)
}

/// An origin as compared: trimmed, lower case, no trailing slash.
fn normalize(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// The origin (`scheme://host[:port]`) of a URL such as the `--public-url`.
fn origin_of(url: &str) -> Option<String> {
    let url = normalize(url);
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn own_allowed_and_public_origins_pass_others_do_not() {
        let own = headers(&[
            ("host", "192.168.1.5:8080"),
            ("origin", "http://192.168.1.5:8080"),
        ]);
        assert_eq!(why_refused(&Method::GET, "/ws", &own, &[], None), None);
        let foreign = headers(&[
            ("host", "192.168.1.5:8080"),
            ("origin", "http://evil.example"),
        ]);
        assert!(why_refused(&Method::GET, "/ws", &foreign, &[], None).is_some());
        let allowed = vec!["HTTP://evil.example/".to_string()];
        assert_eq!(
            why_refused(&Method::GET, "/ws", &foreign, &allowed, None),
            None
        );
        let public = Some("http://evil.example/join");
        assert_eq!(
            why_refused(&Method::GET, "/ws", &foreign, &[], public),
            None
        );
        // Other ports are other origins.
        let port = headers(&[
            ("host", "192.168.1.5:8080"),
            ("origin", "http://192.168.1.5:9999"),
        ]);
        assert!(why_refused(&Method::POST, "/api/packs", &port, &[], None).is_some());
        // A plain GET elsewhere is not checked at all.
        assert_eq!(
            why_refused(&Method::GET, "/api/games", &foreign, &[], None),
            None
        );
    }

    #[test]
    fn form_types_and_cross_site_fetches_are_refused_for_changes() {
        let form = headers(&[("content-type", "text/plain;charset=UTF-8")]);
        assert!(why_refused(&Method::POST, "/api/packs", &form, &[], None).is_some());
        let json = headers(&[("content-type", "application/json")]);
        assert_eq!(
            why_refused(&Method::PUT, "/api/editor/packs/x", &json, &[], None),
            None
        );
        let cross = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(why_refused(&Method::DELETE, "/api/editor/packs/x", &cross, &[], None).is_some());
        assert_eq!(
            why_refused(&Method::POST, "/api/packs", &HeaderMap::new(), &[], None),
            None
        );
    }
}
