//! The host key: everything a host does needs it, players never do.
//!
//! The key is made on first start and kept in `DATA/host-key` (or given with
//! `--host-key` / `QUIZNIGHT_HOST_KEY`). The server prints it inside a host link
//! (`/host?key=KEY`); opening that link sets an HttpOnly, SameSite=Strict cookie and
//! redirects to the clean URL. Scripts send `Authorization: Bearer KEY` instead, on
//! HTTP requests and on the `/ws` upgrade. Keys are compared in constant time, and
//! an address that presents too many wrong keys is refused for a while.

use super::limits::Window;
use super::outbox::ConnInfo;
use super::AppState;
use anyhow::Context;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dashmap::DashMap;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::time::Instant;

/// The file in the data folder that keeps the host key.
pub const KEY_FILE: &str = "host-key";
/// The cookie a browser keeps after opening the host link.
pub const COOKIE: &str = "quiznight_host";
/// The query parameter of the host link.
pub const LINK_PARAM: &str = "key";
/// Wrong keys one address may present per [`WRONG_KEY_WINDOW`] before every key it
/// presents is refused until the window passes. A host mistypes a few times at most;
/// a 128-bit key cannot be guessed at any rate, this only keeps guessing cheap for us.
pub const WRONG_KEYS_PER_IP: usize = 10;
/// The window wrong keys are counted over.
pub const WRONG_KEY_WINDOW: Duration = Duration::from_secs(60);
/// How long the host cookie lasts (the host link sets it again at any time).
const COOKIE_MAX_AGE_SECS: u64 = 30 * 24 * 60 * 60;
/// Shortest key accepted from `--host-key`.
const MIN_KEY_LEN: usize = 16;

/// The server's host key and the wrong-key counts by address.
pub struct HostAuth {
    key: String,
    wrong: DashMap<IpAddr, Window>,
}

/// What a request presented, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The right key (by cookie or bearer).
    Host,
    /// No key at all: a player, or a host who has not opened the link.
    Missing,
    /// A key, but not the right one.
    Wrong,
    /// This address presented too many wrong keys lately; nothing it presents is checked.
    Limited,
}

impl HostAuth {
    /// Uses `given` (from `--host-key`) when set, else the key kept in `data_dir`,
    /// else makes a new one and keeps it there (readable by the owner only).
    pub fn load_or_create(data_dir: &Path, given: Option<&str>) -> anyhow::Result<HostAuth> {
        if let Some(key) = given.map(str::trim).filter(|k| !k.is_empty()) {
            check_key(key).context("--host-key / QUIZNIGHT_HOST_KEY")?;
            return Ok(Self::new(key));
        }
        let path = data_dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let key = text.trim();
                check_key(key).with_context(|| format!("the host key in {}", path.display()))?;
                return Ok(Self::new(key));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        }
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
        let key = super::registry::new_token().0;
        write_private(&path, &format!("{key}\n"))
            .with_context(|| format!("saving the host key to {}", path.display()))?;
        tracing::info!(file = %path.display(), "made a new host key");
        Ok(Self::new(&key))
    }

    /// An auth with this key (tests and embedding).
    pub fn new(key: &str) -> HostAuth {
        HostAuth {
            key: key.to_string(),
            wrong: DashMap::new(),
        }
    }

    /// The key, for the printed host link.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// True when `candidate` is the key; takes the same time wherever they differ.
    fn matches(&self, candidate: &str) -> bool {
        candidate.as_bytes().ct_eq(self.key.as_bytes()).into()
    }

    /// Checks the keys a request presents (bearer header and host cookies), counting
    /// a wrong one against `ip`.
    pub fn check(&self, ip: IpAddr, headers: &HeaderMap) -> Verdict {
        let presented = presented_keys(headers);
        if presented.is_empty() {
            return Verdict::Missing;
        }
        self.check_keys(ip, presented.iter().map(String::as_str))
    }

    /// Checks keys presented some other way (the host link's `?key=`).
    pub fn check_keys<'a>(&self, ip: IpAddr, keys: impl IntoIterator<Item = &'a str>) -> Verdict {
        let now = Instant::now();
        if self.wrong.get_mut(&ip).is_some_and(|mut w| w.is_full(now)) {
            return Verdict::Limited;
        }
        // Every key is compared, so the time does not say which one was right.
        let mut any = false;
        let mut good = false;
        for k in keys {
            any = true;
            good |= self.matches(k);
        }
        if good {
            return Verdict::Host;
        }
        if !any {
            return Verdict::Missing;
        }
        self.wrong
            .entry(ip)
            .or_insert_with(|| Window::new(WRONG_KEYS_PER_IP, WRONG_KEY_WINDOW))
            .hit(now);
        if self.wrong.len() > 10_000 {
            self.wrong.retain(|_, w| !w.is_full(now));
        }
        tracing::info!(%ip, "a wrong host key");
        Verdict::Wrong
    }
}

/// A key must be long enough not to guess and safe in a cookie and a URL.
fn check_key(key: &str) -> anyhow::Result<()> {
    if key.len() < MIN_KEY_LEN {
        anyhow::bail!("a host key needs at least {MIN_KEY_LEN} characters");
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
    {
        anyhow::bail!("a host key may only hold letters, digits and - _ . ~");
    }
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// The keys in `Authorization: Bearer` and in every host cookie (two servers on one
/// host name but different ports share cookies, so there may be several).
fn presented_keys(headers: &HeaderMap) -> Vec<String> {
    let mut keys = Vec::new();
    for value in headers.get_all(header::AUTHORIZATION) {
        if let Some(key) = value
            .to_str()
            .ok()
            .and_then(|v| v.trim().strip_prefix("Bearer "))
        {
            keys.push(key.trim().to_string());
        }
    }
    for value in headers.get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((name, v)) = pair.trim().split_once('=') {
                if name == COOKIE {
                    keys.push(v.trim().to_string());
                }
            }
        }
    }
    keys
}

/// The peer address of a request, as the per-address limits count it.
pub fn request_ip(state: &AppState, parts: &Parts) -> IpAddr {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<ConnInfo>>()
        .map(|c| c.0.peer.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    super::limits::client_ip(state.config.behind_proxy, peer, &parts.headers)
}

/// An extractor that lets a handler run only for the host: 401 without the key,
/// 429 after too many wrong ones.
pub struct HostOnly;

impl FromRequestParts<AppState> for HostOnly {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ip = request_ip(state, parts);
        match state.auth.check(ip, &parts.headers) {
            Verdict::Host => Ok(HostOnly),
            v => Err(refusal(v, false)),
        }
    }
}

/// The answer to a request without the right key; `page` gives a friendly HTML page
/// (for /host and /results) instead of a line of text.
pub fn refusal(verdict: Verdict, page: bool) -> Response {
    let (status, line) = match verdict {
        Verdict::Limited => (
            StatusCode::TOO_MANY_REQUESTS,
            "too many wrong host keys from this address; wait a minute and try again",
        ),
        Verdict::Wrong => (
            StatusCode::UNAUTHORIZED,
            "that is not this server's host key",
        ),
        _ => (
            StatusCode::UNAUTHORIZED,
            "this needs the host key: open the host link the server printed when it started",
        ),
    };
    let mut response = if page {
        let body = UNAUTHORIZED_PAGE.replace("{why}", line);
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    } else {
        (status, format!("{line}\n")).into_response()
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"quiznight host\""),
        );
    }
    response
}

/// The page a browser gets at /host without the key: where to find it.
const UNAUTHORIZED_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>quiznight: host key needed</title>
  <link rel="stylesheet" href="/css/style.css">
</head>
<body>
  <main class="center">
    <h1>This page is for the host</h1>
    <p>{why}.</p>
    <p>When quiznight starts it prints a line like
      <code>open http://…/host?key=… on the big screen</code>.
      Open that link once on this computer and it will remember the key.</p>
    <p>The key is kept in the file <code>host-key</code> in the server's data folder
      (<code>data/</code> unless <code>--data</code> says otherwise), or was given with
      <code>--host-key</code> / <code>QUIZNIGHT_HOST_KEY</code>.</p>
    <p>Playing needs no key: <a href="/">join a game</a>.</p>
  </main>
</body>
</html>
"#;

/// Middleware for the host link: a GET with `?key=KEY` sets the host cookie and
/// redirects to the same URL without the key (so it does not linger in the address
/// bar, history or a screenshot). A wrong key gets the refusal page.
pub async fn host_link(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let page =
        request.method() == axum::http::Method::GET && path != "/ws" && !path.starts_with("/api/");
    let query = request.uri().query().filter(|_| page).map(str::to_string);
    let Some(query) = query else {
        return next.run(request).await;
    };
    let mut key = None;
    let mut rest = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some((LINK_PARAM, v)) => key = Some(v.to_string()),
            _ if pair == LINK_PARAM => key = Some(String::new()),
            _ => rest.push(pair),
        }
    }
    let Some(key) = key else {
        return next.run(request).await;
    };
    let (parts, _body) = request.into_parts();
    let ip = request_ip(&state, &parts);
    let verdict = state.auth.check_keys(ip, [key.as_str()]);
    if verdict != Verdict::Host {
        return refusal(verdict, true);
    }
    let mut target = parts.uri.path().to_string();
    if !rest.is_empty() {
        target.push('?');
        target.push_str(&rest.join("&"));
    }
    let cookie =
        format!("{COOKIE}={key}; Path=/; Max-Age={COOKIE_MAX_AGE_SECS}; HttpOnly; SameSite=Strict");
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));

    #[test]
    fn the_key_comes_by_bearer_or_cookie() {
        let auth = HostAuth::new("0123456789abcdef0123");
        assert_eq!(auth.check(IP, &headers(&[])), Verdict::Missing);
        let bearer = headers(&[("authorization", "Bearer 0123456789abcdef0123")]);
        assert_eq!(auth.check(IP, &bearer), Verdict::Host);
        let cookie = headers(&[(
            "cookie",
            "other=1; quiznight_host=wrongwrongwrongwrong; quiznight_host=0123456789abcdef0123",
        )]);
        assert_eq!(auth.check(IP, &cookie), Verdict::Host);
        let wrong = headers(&[("authorization", "Bearer 0123456789abcdef0124")]);
        assert_eq!(auth.check(IP, &wrong), Verdict::Wrong);
        // A prefix of the key is not the key.
        let short = headers(&[("authorization", "Bearer 0123456789abcdef012")]);
        assert_eq!(auth.check(IP, &short), Verdict::Wrong);
    }

    #[test]
    fn too_many_wrong_keys_lock_out_that_address_only() {
        let auth = HostAuth::new("0123456789abcdef0123");
        let wrong = headers(&[("authorization", "Bearer nope-nope-nope-nope")]);
        for _ in 0..WRONG_KEYS_PER_IP {
            assert_eq!(auth.check(IP, &wrong), Verdict::Wrong);
        }
        // Now even the right key is not checked from there...
        let right = headers(&[("authorization", "Bearer 0123456789abcdef0123")]);
        assert_eq!(auth.check(IP, &right), Verdict::Limited);
        // ...but another address is unaffected.
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert_eq!(auth.check(other, &right), Verdict::Host);
    }

    #[test]
    fn a_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = HostAuth::load_or_create(dir.path(), None).unwrap();
        let again = HostAuth::load_or_create(dir.path(), None).unwrap();
        assert_eq!(first.key(), again.key());
        assert!(first.key().len() >= 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read the key");
        }
        let given = HostAuth::load_or_create(dir.path(), Some("given-key-0123456789")).unwrap();
        assert_eq!(given.key(), "given-key-0123456789");
        assert!(HostAuth::load_or_create(dir.path(), Some("short")).is_err());
        assert!(HostAuth::load_or_create(dir.path(), Some("has spaces in it ok?")).is_err());
    }
}
